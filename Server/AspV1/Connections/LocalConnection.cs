using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1.Connections;

/// <summary>A session of the in-process endpoint: identity, outbox, the attached socket and its lifetime.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer and no wait handle; it is cancelled on close and collected with the session.")]
public sealed class LocalConnection(string id, string sessionId, string? userId, ConnectionOutbox outbox) : IAspV1Connection
{
    private readonly CancellationTokenSource _closed = new();
    private IFrameTransport? _transport;
    private int _isClosed;

    public string Id { get; } = id;

    public string SessionId { get; } = sessionId;

    public string? UserId { get; } = userId;

    public string? ResumeToken { get; set; }

    public ConnectionOutbox Outbox { get; } = outbox;

    public CancellationToken Closed => _closed.Token;

    public bool IsClosed => Volatile.Read(ref _isClosed) != 0;

    public bool IsAttached => Transport is not null;

    public IFrameTransport? Transport => Volatile.Read(ref _transport);

    public Task TransportClosed { get; set; } = Task.CompletedTask;

    public AspV1ConnectionState? State { get; set; }

    internal IFrameTransport? SwapTransport(IFrameTransport? transport) => Interlocked.Exchange(ref _transport, transport);

    /// <summary>Held while the socket changes (lost, resumed, closed): a late loss must not detach a resumed socket.</summary>
    internal Lock Transitions { get; } = new();

    /// <summary>Marks the session closed for good; false when it was already. <see cref="CompleteClose"/> follows.</summary>
    internal bool MarkClosed() => Interlocked.Exchange(ref _isClosed, 1) == 0;

    /// <summary>Refuses further output and fires <see cref="Closed"/> (outside <see cref="Transitions"/>: callbacks run here).</summary>
    internal void CompleteClose()
    {
        Outbox.Seal();
        try
        {
            _closed.Cancel();
        }
        catch (AggregateException)
        {
            // A callback threw; the session is closed regardless.
        }
    }
}
