using AgentPlatform.Protocol.Acp;

namespace AgentPlatform.Relay.Acp.Agents;

/// <summary>
/// An agent the ACP endpoint reaches: a stdio ACP agent process shared by every client (Stdio/), or a platform agent
/// from the Registry whose prompts become invocations (Platform/). Many client connections attach to one agent.
/// </summary>
public interface IAcpAgent
{
    /// <summary>The name in <c>/acp/{agent}</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Attaches one client connection whose first message was <paramref name="initialize"/> (a request). The agent is
    /// started and initialized first when it is not yet; the returned attachment carries the client's initialize result.
    /// Throws <see cref="AcpAgentUnavailableException"/> when the agent cannot be reached or failed to initialize.
    /// </summary>
    ValueTask<IAcpAttachment> AttachAsync(IAcpClientPeer peer, JsonRpcMessage initialize, CancellationToken cancellationToken);
}
