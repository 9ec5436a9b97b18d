using System.Text.Json.Nodes;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.Functions.WebPubSub.Handler;

/// <summary>
/// A hub's typed answer to a blocking event: accept a connect (optionally with user, groups, roles, subprotocol),
/// reply to a user event (200 with a body) or not (204), or fail with a status (a connect failure is the client's
/// handshake answer; any other failure drops the connection). <see cref="State"/> becomes ce-connectionState.
/// </summary>
public sealed record WebPubSubEventResult
{
    public int Status { get; init; } = 204;

    public WebPubSubPayload? Body { get; init; }

    public ConnectEventResponse? Connect { get; init; }

    public string? ErrorMessage { get; init; }

    /// <summary>The connection state to store (replaces the old one) when not null.</summary>
    public JsonObject? State { get; init; }

    public static WebPubSubEventResult NoContent { get; } = new();

    public static WebPubSubEventResult Accept(ConnectEventResponse? response = null) => new() { Status = response is null ? 204 : 200, Connect = response };

    public static WebPubSubEventResult Reply(WebPubSubPayload body) => new() { Status = 200, Body = body };

    public static WebPubSubEventResult Fail(int status, string message) => new() { Status = status, ErrorMessage = message };
}
