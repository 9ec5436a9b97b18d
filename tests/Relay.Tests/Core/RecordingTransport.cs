using System.Collections.Concurrent;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Tests.Core;

/// <summary>A transport that keeps what was written, for core tests without sockets.</summary>
public sealed class RecordingTransport : IFrameTransport
{
    public ConcurrentQueue<OutboundFrame> Frames { get; } = new();

    public (int Code, string Reason)? Closed { get; private set; }

    public bool Aborted { get; private set; }

    public IReadOnlyList<string> Texts => Frames.Select(f => System.Text.Encoding.UTF8.GetString(f.Payload.Span)).ToList();

    public ValueTask SendAsync(OutboundFrame frame, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Aborted, this);
        Frames.Enqueue(frame);
        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        Closed = (code, reason);
        return ValueTask.CompletedTask;
    }

    public void Abort() => Aborted = true;
}
