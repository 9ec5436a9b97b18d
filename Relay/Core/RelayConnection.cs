using System.Collections.Concurrent;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.Core;

/// <summary>
/// One client connection as the core knows it: identity, groups, state and its outbox. A reliable connection
/// outlives its socket: when the socket drops it is suspended, and a resume attaches a new socket to it.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source has no timer and no wait handle; it is cancelled on close and collected with the connection.")]
public sealed class RelayConnection
{
    // Created on the first join: most connections (every asp-v1 one) never join a group.
    private ConcurrentDictionary<string, byte>? _groups;
    private readonly CancellationTokenSource _closed = new();
    private IFrameTransport? _transport;
    private int _state;

    internal RelayConnection(string id, ConnectionRegistration registration, ConnectionOutbox outbox, DateTimeOffset now)
    {
        Id = id;
        Hub = registration.Hub;
        Dialect = registration.Dialect;
        UserId = registration.UserId;
        Roles = registration.Roles;
        SessionId = registration.SessionId ?? id;
        Outbox = outbox;
        ConnectedAt = now;
        outbox.FrameWritten += Counters.FrameOut;
    }

    public string Id { get; }

    public string Hub { get; }

    public string SessionId { get; }

    public string? UserId { get; }

    public IReadOnlyList<string> Roles { get; }

    public IRelayDialect Dialect { get; }

    public DateTimeOffset ConnectedAt { get; }

    public ConnectionState State => (ConnectionState)Volatile.Read(ref _state);

    public ConnectionOutbox Outbox { get; }

    public ConnectionCounters Counters { get; } = new();

    /// <summary>The groups this connection is in (on this replica).</summary>
    public IReadOnlyCollection<string> Groups => Volatile.Read(ref _groups) is { } groups ? (IReadOnlyCollection<string>)groups.Keys : [];

    /// <summary>The current resume token (reliable sessions); rotated on every resume.</summary>
    public string? ResumeToken { get; internal set; }

    /// <summary>Fires when the connection is closed for good (not when a reliable session is merely suspended).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Completes when the closing handshake of the last transport was sent (after <see cref="RelayCore.Close"/>).</summary>
    public Task TransportClosed { get; internal set; } = Task.CompletedTask;

    /// <summary>
    /// Completes once other replicas can reach this connection (its backplane topics are subscribed); faults when the
    /// backplane refused. <see cref="RelayCore.OpenAsync"/> awaits it.
    /// </summary>
    public Task Reachable { get; internal set; } = Task.CompletedTask;

    /// <summary>
    /// The highest inbound sequence number the previous owner processed, for a session taken over from another replica
    /// (the dialect continues de-duplicating from there); 0 otherwise.
    /// </summary>
    public long RestoredInbound { get; internal set; }

    /// <summary>
    /// The dialect's highest processed inbound sequence number, read when the session's state is written to the shared
    /// store (so a resume on another replica knows what the client need not send again).
    /// </summary>
    public Func<long>? InboundPosition { get; set; }

    /// <summary>The session's state in the shared store (reliable sessions with Redis), else null.</summary>
    internal Sessions.ISessionJournal? Journal { get; set; }

    /// <summary>Free slot for the dialect's per-connection state.</summary>
    public object? DialectState { get; set; }

    /// <summary>The attached transport, when connected.</summary>
    public IFrameTransport? Transport => Volatile.Read(ref _transport);

    /// <summary>Queues a frame with backpressure; -1 when the connection is closed.</summary>
    public ValueTask<long> SendAsync(OutboundFrame frame, bool tracked, CancellationToken cancellationToken) =>
        Outbox.SendAsync(frame, static (_, f) => f, tracked, cancellationToken);

    /// <summary>Queues a frame encoded with its sequence number, with backpressure; -1 when closed.</summary>
    public ValueTask<long> SendAsync<TState>(TState state, Func<long, TState, OutboundFrame> encode, bool tracked,
        CancellationToken cancellationToken) =>
        Outbox.SendAsync(state, encode, tracked, cancellationToken);

    internal bool IsInGroup(string group) => Volatile.Read(ref _groups)?.ContainsKey(group) == true;

    internal bool AddGroup(string group) =>
        LazyInitializer.EnsureInitialized(ref _groups, static () => new ConcurrentDictionary<string, byte>(StringComparer.Ordinal)).TryAdd(group, 0);

    internal bool RemoveGroup(string group) => Volatile.Read(ref _groups)?.TryRemove(group, out _) == true;

    internal void SetState(ConnectionState state) => Volatile.Write(ref _state, (int)state);

    /// <summary>Moves the connection to <see cref="ConnectionState.Moved"/> once; false when it is moved or closed already.</summary>
    internal bool TryMarkMoved()
    {
        while (true)
        {
            var current = Volatile.Read(ref _state);
            if (current is (int)ConnectionState.Moved or (int)ConnectionState.Closed) return false;
            if (Interlocked.CompareExchange(ref _state, (int)ConnectionState.Moved, current) == current) return true;
        }
    }

    internal IFrameTransport? SwapTransport(IFrameTransport? transport) => Interlocked.Exchange(ref _transport, transport);

    /// <summary>
    /// Held while the transport and the state change together (socket lost, resumed, closed): a resume racing the
    /// loss of the socket it replaces must not have its new socket detached by the late loss.
    /// </summary>
    internal Lock Transitions { get; } = new();

    internal void MarkClosed()
    {
        SetState(ConnectionState.Closed);
        Outbox.Seal();
        try
        {
            _closed.Cancel();
        }
        catch (AggregateException)
        {
            // A callback registered by a dialect threw; the connection is closed regardless.
        }
    }
}
