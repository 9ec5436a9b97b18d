using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>
/// The one interface an agent author implements. The same class runs in relay mode (behind Functions, state
/// rehydrated from a context store per call), in direct mode (an <c>AgentProvider</c> connected to the Relay)
/// and behind the in-process endpoint (<c>MapAgentSocket</c>): the host differs, the agent does not.
/// </summary>
public interface IAgent
{
    /// <summary>The agent's name, <c>[a-z0-9][a-z0-9._-]{0,62}</c>.</summary>
    string Name { get; }

    /// <summary>What the Registry publishes about the agent.</summary>
    AgentDescriptor Describe();

    /// <summary>
    /// Serves one invocation: read <see cref="AgentInvocation.Input"/> and <see cref="AgentInvocation.Context"/>,
    /// stream output through the invocation's writer members, return the result (or null). Throw
    /// <see cref="AgentException"/> to end with a protocol ERROR; the token fires on INTERRUPT or disconnect.
    /// </summary>
    ValueTask<MsgPackValue?> InvokeAsync(AgentInvocation invocation, CancellationToken cancellationToken);
}
