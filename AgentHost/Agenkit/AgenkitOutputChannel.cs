using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// An agent's output on the agenkit wire: for <c>stream</c> each chunk goes out at once as a stream_chunk (numbered
/// from 0); for <c>process</c> chunks are collected for the one response. agenkit has no tool push and no way to
/// ask the caller mid-call: tool definitions are dropped, and a question ends the call (<see cref="QuestionAsked"/>).
/// </summary>
internal sealed class AgenkitOutputChannel(Func<MsgPackValue, long, ValueTask>? send) : IInvocationChannel
{
    private readonly List<MsgPackValue> _collected = [];
    private readonly Lock _gate = new();
    private long _seq = -1;

    /// <summary>What a <c>process</c> call collected.</summary>
    public IReadOnlyList<MsgPackValue> Collected
    {
        get
        {
            lock (_gate) return [.. _collected];
        }
    }

    /// <summary>The kind of question the agent asked, when it asked one.</summary>
    public string? QuestionAsked { get; private set; }

    public ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (send is not null) return send(data, Interlocked.Increment(ref _seq));
        lock (_gate) _collected.Add(data);
        return ValueTask.CompletedTask;
    }

    public ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken)
    {
        QuestionAsked = kind;
        throw new AgentException(AspErrorCodes.Internal, $"the agent asked its caller a question ({kind}); agenkit has no way to answer");
    }
}
