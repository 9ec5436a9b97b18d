using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>Body of the <c>disconnected</c> event.</summary>
public sealed record DisconnectedEventRequest([property: JsonPropertyName("reason")] string? Reason);
