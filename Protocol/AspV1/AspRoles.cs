namespace AgentPlatform.Protocol.AspV1;

/// <summary>Values of the client HELLO's <c>role</c>.</summary>
public static class AspRoles
{
    /// <summary>Invokes agents (the default).</summary>
    public const string Client = "client";
    /// <summary>Serves the agents named in <c>agents</c> (direct mode): receives INVOKE, sends STREAM/COMPLETE.</summary>
    public const string Provider = "provider";
}
