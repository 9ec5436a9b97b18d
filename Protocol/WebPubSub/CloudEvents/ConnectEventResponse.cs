using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>
/// A handler's 200 answer to <c>connect</c>: every member optional; <c>subprotocol</c> is omitted rather than blank.
/// </summary>
public sealed record ConnectEventResponse
{
    [JsonPropertyName("userId")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UserId { get; init; }

    [JsonPropertyName("groups")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Groups { get; init; }

    [JsonPropertyName("roles")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Roles { get; init; }

    [JsonPropertyName("subprotocol")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Subprotocol { get; init; }
}
