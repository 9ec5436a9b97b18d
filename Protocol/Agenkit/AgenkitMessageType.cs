namespace AgentPlatform.Protocol.Agenkit;

/// <summary>The envelope <c>type</c> values (seed 003 §2.2 and agenkit's streaming types).</summary>
public enum AgenkitMessageType
{
    Request,
    Response,
    Error,
    Heartbeat,
    Register,
    Unregister,
    StreamChunk,
    StreamEnd,
}
