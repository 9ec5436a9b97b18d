namespace AgentPlatform.Protocol.AspV1;

/// <summary>Capability names of HELLO's <c>caps</c> (unknown names are ignored by both sides).</summary>
public static class AspCapabilities
{
    /// <summary>Reliable session: session sequence numbers (<c>s</c>), cumulative ACK, resume with replay.</summary>
    public const string Reliable = "reliable";
    /// <summary>The peer understands STREAM chunks (without it, output arrives only in COMPLETE's result).</summary>
    public const string Stream = "stream";
    /// <summary>The peer accepts TOOL_DEF pushes.</summary>
    public const string Tools = "tools";
    /// <summary>The peer answers REQUEST frames with REPLY.</summary>
    public const string Request = "request";
}
