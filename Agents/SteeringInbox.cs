using System.Threading.Channels;
using AgentPlatform.Protocol.MessagePack;

namespace AgentPlatform.Agents;

/// <summary>
/// Steering for one running invocation: the <c>data</c> of each INTERRUPT that steers (asp-v1 §5), in arrival order,
/// for the agent to read through <see cref="AgentInvocation.Steering"/>. The host posts; the agent reads when it
/// is ready. Bounded: an agent that never reads keeps the <see cref="Capacity"/> newest and loses older ones.
/// </summary>
public sealed class SteeringInbox
{
    /// <summary>How many unread steering inputs are kept.</summary>
    public const int Capacity = 16;

    private readonly Channel<MsgPackValue> _channel = Channel.CreateBounded<MsgPackValue>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    /// <summary>An inbox nothing is ever posted to (for hosts without steering).</summary>
    public static ChannelReader<MsgPackValue> None { get; } = CreateClosed();

    public ChannelReader<MsgPackValue> Reader => _channel.Reader;

    /// <summary>Hands <paramref name="data"/> to the agent; false once the invocation has ended.</summary>
    public bool Post(MsgPackValue data) => _channel.Writer.TryWrite(data ?? MsgPackValue.Nil);

    /// <summary>The invocation ended: later steering is refused.</summary>
    public void Close() => _channel.Writer.TryComplete();

    private static ChannelReader<MsgPackValue> CreateClosed()
    {
        var closed = Channel.CreateUnbounded<MsgPackValue>();
        closed.Writer.Complete();
        return closed.Reader;
    }
}
