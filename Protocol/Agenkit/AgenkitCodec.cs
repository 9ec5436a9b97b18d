namespace AgentPlatform.Protocol.Agenkit;

/// <summary>How an envelope is encoded in a frame body. JSON always; MessagePack only after negotiation.</summary>
public enum AgenkitCodec
{
    /// <summary>UTF-8 JSON, the seed's encoding and the default of every connection.</summary>
    Json,

    /// <summary>The same envelope as a MessagePack map, after a successful <c>negotiate</c> (docs/protocol/agenkit.md).</summary>
    MessagePack,
}
