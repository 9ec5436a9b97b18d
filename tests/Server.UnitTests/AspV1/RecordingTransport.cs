using System.Threading.Channels;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.UnitTests.AspV1;

/// <summary>The socket's outbound half, recorded: every frame the engine writes and how it closed.</summary>
internal sealed class RecordingTransport : IFrameTransport
{
    private readonly Channel<AspFrame> _frames = Channel.CreateUnbounded<AspFrame>();
    private readonly TaskCompletionSource<int> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<int> Closed => _closed.Task;

    public bool Aborted { get; private set; }

    public ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        _frames.Writer.TryWrite(AspV1Protocol.Parse(frame.Payload));
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        _closed.TrySetResult(code);
        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        Aborted = true;
        _closed.TrySetResult(-1);
    }

    public async Task<AspFrame> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await _frames.Reader.ReadAsync(timeout.Token);
    }

    public async Task<List<AspFrame>> UntilAsync(Func<AspFrame, bool> last)
    {
        var frames = new List<AspFrame>();
        while (true)
        {
            var frame = await NextAsync();
            frames.Add(frame);
            if (last(frame)) return frames;
        }
    }

    public bool TryNext(out AspFrame? frame) => _frames.Reader.TryRead(out frame);
}
