using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.WebPubSub.CloudEvents;

/// <summary>A client certificate in the connect event (thumbprint and PEM content).</summary>
public sealed record ClientCertificateInfo(
    [property: JsonPropertyName("thumbprint")] string Thumbprint,
    [property: JsonPropertyName("content")] string? Content);
