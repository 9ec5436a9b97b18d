namespace AgentPlatform.Protocol.Agenkit;

/// <summary>The <c>method</c> values of a request payload.</summary>
public static class AgenkitMethods
{
    /// <summary>One message in, one message out (a <c>response</c>).</summary>
    public const string Process = "process";
    /// <summary>One message in, <c>stream_chunk</c>* then <c>stream_end</c> out, all with the request's id.</summary>
    public const string Stream = "stream";
    /// <summary>The seed's tool call <c>{tool_name, kwargs}</c>; agenkit's own server never implemented it.</summary>
    public const string Execute = "execute";
    /// <summary>This platform's codec extension (docs/protocol/agenkit.md, "MessagePack extension").</summary>
    public const string Negotiate = "negotiate";
}
