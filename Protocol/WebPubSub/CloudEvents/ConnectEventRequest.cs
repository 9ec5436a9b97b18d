using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>
/// Body of the blocking <c>connect</c> event: <c>claims</c>, <c>query</c> and <c>headers</c> map names to string
/// arrays; <c>subprotocols</c> lists what the client offered.
/// </summary>
public sealed record ConnectEventRequest
{
    [JsonPropertyName("claims")]
    public IReadOnlyDictionary<string, string[]> Claims { get; init; } = new Dictionary<string, string[]>();

    [JsonPropertyName("query")]
    public IReadOnlyDictionary<string, string[]> Query { get; init; } = new Dictionary<string, string[]>();

    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string[]> Headers { get; init; } = new Dictionary<string, string[]>();

    [JsonPropertyName("subprotocols")]
    public IReadOnlyList<string> Subprotocols { get; init; } = [];

    [JsonPropertyName("clientCertificates")]
    public IReadOnlyList<ClientCertificateInfo> ClientCertificates { get; init; } = [];
}
