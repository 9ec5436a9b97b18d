using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// Puts a platform access token where the Relay's agenkit listener reads it (docs/protocol/agenkit.md, "Security"):
/// <c>payload.message.metadata.authorization</c> when the payload carries a message (a request), else
/// <c>payload.metadata.authorization</c> (register, heartbeat, unregister), as <c>"Bearer &lt;token&gt;"</c>.
/// </summary>
public static class AgenkitTokenField
{
    /// <summary>The metadata key.</summary>
    public const string Key = "authorization";

    /// <summary>A copy of <paramref name="envelope"/> carrying <paramref name="token"/> (the caller's payload is left as it was).</summary>
    public static AgenkitEnvelope With(AgenkitEnvelope envelope, string token)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var payload = (JsonObject)envelope.Payload.DeepClone();
        var owner = payload["message"] as JsonObject ?? payload;
        if (owner["metadata"] is not JsonObject metadata)
        {
            metadata = [];
            owner["metadata"] = metadata;
        }
        metadata[Key] = "Bearer " + token;
        return envelope with { Payload = payload };
    }
}
