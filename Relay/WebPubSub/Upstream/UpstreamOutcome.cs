using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;

namespace AgentPlatform.Relay.WebPubSub.Upstream;

/// <summary>What a blocking upstream call came back with.</summary>
/// <param name="Status">The handler's HTTP status; 0 when it could not be reached or timed out.</param>
/// <param name="Handled">False when no handler subscribes to the event (the service then behaves as if it had succeeded).</param>
/// <param name="Payload">A user event's 200 body, typed by its Content-Type.</param>
/// <param name="Connect">A connect's 200 body.</param>
/// <param name="ConnectionState">A new ce-connectionState from the response, when the handler set one.</param>
/// <param name="Error">The handler's error body (trimmed) or why it could not be called.</param>
public sealed record UpstreamOutcome(
    int Status,
    bool Handled,
    WebPubSubPayload? Payload = null,
    ConnectEventResponse? Connect = null,
    string? ConnectionState = null,
    string? Error = null)
{
    public bool Succeeded => !Handled || Status is >= 200 and < 300;

    public static UpstreamOutcome NotHandled { get; } = new(204, false);
}
