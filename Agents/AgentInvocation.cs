using System.Threading.Channels;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>Everything one invocation gives the agent: who called, the input, the session context and the writer.</summary>
public sealed class AgentInvocation
{
    private readonly IInvocationChannel _channel;

    public AgentInvocation(AgentCall call, AgentSessionContext context, IInvocationChannel channel, SteeringInbox? steering = null)
    {
        Call = call ?? throw new ArgumentNullException(nameof(call));
        Context = context ?? throw new ArgumentNullException(nameof(context));
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        Steering = steering?.Reader ?? SteeringInbox.None;
    }

    /// <summary>The invocation's identity and input.</summary>
    public AgentCall Call { get; }

    /// <summary>The INVOKE <c>input</c>, exactly as the client encoded it.</summary>
    public MsgPackValue Input => Call.Input;

    /// <summary>
    /// New input the client sent while the invocation runs (INTERRUPT with <c>data</c>: steer, not cancel), in
    /// arrival order. Read it when it suits the agent (<c>TryRead</c> between steps, or <c>WaitToReadAsync</c>);
    /// it completes when the invocation ends. Hosts without steering give a reader that is already complete.
    /// </summary>
    public ChannelReader<MsgPackValue> Steering { get; }

    /// <summary>The session's rehydrated state.</summary>
    public AgentSessionContext Context { get; }

    /// <summary>Streams one chunk to the client (STREAM).</summary>
    public ValueTask WriteChunkAsync(MsgPackValue data, CancellationToken cancellationToken = default) =>
        _channel.WriteChunkAsync(data ?? throw new ArgumentNullException(nameof(data)), cancellationToken);

    /// <summary>Pushes tool definitions to the client (TOOL_DEF).</summary>
    public ValueTask DefineToolsAsync(IReadOnlyList<ToolDefinition> tools, CancellationToken cancellationToken = default) =>
        _channel.DefineToolsAsync(tools ?? throw new ArgumentNullException(nameof(tools)), cancellationToken);

    /// <summary>Asks the client (REQUEST) and waits for its REPLY.</summary>
    public ValueTask<MsgPackValue> AskAsync(string kind, MsgPackValue data, CancellationToken cancellationToken = default) =>
        _channel.AskAsync(kind ?? throw new ArgumentNullException(nameof(kind)), data ?? MsgPackValue.Nil, cancellationToken);
}
