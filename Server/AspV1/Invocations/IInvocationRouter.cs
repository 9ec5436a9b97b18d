using AgentPlatform.Protocol.AspV1;

namespace AgentPlatform.Server.AspV1.Invocations;

/// <summary>Finds where an INVOKE runs; each host of the engine has its own (the Relay's directory, a map of agents).</summary>
public interface IInvocationRouter
{
    /// <summary>A target for <paramref name="invoke"/>, or null when no agent of that name is available (UNKNOWN_AGENT).</summary>
    IInvocationTarget? Route(InvokeFrame invoke, InvocationCaller caller);
}
