using System.Threading.Channels;
using AgentPlatform.Protocol.Agenkit;

namespace AgentPlatform.Client.Agenkit;

/// <summary>
/// One request in flight on a connection: the frames answered with its id, in order. A connection failure ends it
/// with the failure as the channel's completion error.
/// </summary>
internal sealed class PendingCall
{
    private readonly Channel<AgenkitEnvelope> _frames;

    public PendingCall(string id, int capacity)
    {
        Id = id;
        // Bounded: a stream whose consumer is slow holds the connection's reader (TCP backpressure) instead of memory.
        _frames = Channel.CreateBounded<AgenkitEnvelope>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Id { get; }

    public ChannelReader<AgenkitEnvelope> Frames => _frames.Reader;

    /// <summary>Hands one frame to the caller; waits while its buffer is full. False once the call was abandoned.</summary>
    public ValueTask<bool> DeliverAsync(AgenkitEnvelope envelope, CancellationToken cancellationToken)
    {
        if (_frames.Writer.TryWrite(envelope)) return ValueTask.FromResult(true);
        return WaitAndDeliverAsync(envelope, cancellationToken);
    }

    private async ValueTask<bool> WaitAndDeliverAsync(AgenkitEnvelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await _frames.Writer.WriteAsync(envelope, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (ChannelClosedException)
        {
            return false;
        }
    }

    /// <summary>Ends the call: with <paramref name="error"/> when the connection failed, normally otherwise.</summary>
    public void Complete(Exception? error = null) => _frames.Writer.TryComplete(error);
}
