using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>
/// The host side of one invocation: where the agent's output goes. Functions writes response records, the
/// in-process endpoint and the provider runtime write asp-v1 frames. Implementations are safe for concurrent use.
/// </summary>
public interface IInvocationChannel
{
    /// <summary>Sends one STREAM chunk; returns once it is handed to the transport (flushed).</summary>
    ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken);

    /// <summary>Pushes TOOL_DEF.</summary>
    ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken);

    /// <summary>Sends REQUEST and waits for the client's REPLY data.</summary>
    ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken);
}
