using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// An agent's output on the agenkit wire: for <c>stream</c> each chunk goes out at once as a stream_chunk; for
/// <c>process</c> chunks are collected for the one response. agenkit has no tool push and no way to ask the
/// caller mid-call: tool definitions are dropped, and a question fails the call with BAD_INPUT.
/// </summary>
internal sealed class AgenkitOutputChannel(Func<MsgPackValue, ValueTask>? send) : IInvocationChannel
{
    private readonly List<MsgPackValue> _collected = [];
    private readonly Lock _gate = new();

    /// <summary>What a <c>process</c> call collected.</summary>
    public IReadOnlyList<MsgPackValue> Collected
    {
        get
        {
            lock (_gate) return [.. _collected];
        }
    }

    public ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (send is not null) return send(data);
        lock (_gate) _collected.Add(data);
        return ValueTask.CompletedTask;
    }

    public ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken) =>
        throw new AgentException(AspErrorCodes.BadInput, $"the agent asked the caller ('{kind}'), which the agenkit protocol cannot carry");
}
