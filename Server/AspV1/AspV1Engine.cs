using System.Collections.Concurrent;
using System.Net.WebSockets;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.AspV1.Invocations;
using AgentPlatform.Server.AspV1.Providers;
using AgentPlatform.Server.Hosting;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Server.AspV1;

/// <summary>
/// The asp-v1 server engine (docs/protocol/asp-v1.md), one for every host of the protocol: the Relay and the
/// in-process endpoint run their sockets through it, and the provider link runs its invocations through the same
/// <see cref="InvocationTable"/>. A host gives it where sessions live, where invocations run and what to observe;
/// the engine does the rest: handshake and resume, limits, reliable sessions, the invocation lifecycle, and 1001
/// when the host drains.
/// </summary>
public sealed class AspV1Engine
{
    private readonly ConcurrentDictionary<AspV1Session, WebSocket> _live = new();
    private volatile bool _draining;

    public AspV1Engine(AspV1ServerOptions options, IAspV1Sessions sessions, IInvocationRouter router, IAspV1Observer observer,
        TimeProvider time, IProviderRole? providers = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        Sessions = sessions ?? throw new ArgumentNullException(nameof(sessions));
        Router = router ?? throw new ArgumentNullException(nameof(router));
        Observer = observer ?? throw new ArgumentNullException(nameof(observer));
        Time = time ?? throw new ArgumentNullException(nameof(time));
        Providers = providers;
        ParseOptions = new AspV1Options { MaxFrameSize = options.Limits.MaxFrameBytes };
    }

    public AspV1ServerOptions Options { get; }

    public IAspV1Sessions Sessions { get; }

    public IInvocationRouter Router { get; }

    public IAspV1Observer Observer { get; }

    public TimeProvider Time { get; }

    /// <summary>Null when the host serves its own agents and refuses <c>role: provider</c>.</summary>
    public IProviderRole? Providers { get; }

    /// <summary>Parsing limits, built once: a per-frame <c>new</c> would allocate on every message received.</summary>
    public AspV1Options ParseOptions { get; }

    /// <summary>Work the engine started outside a read loop (timers, session ends); awaited when the host drains.</summary>
    public OwnedTasks Work { get; } = new();

    /// <summary>Sockets open now.</summary>
    public int Sockets => _live.Count;

    /// <summary>
    /// Serves one accepted WebSocket (subprotocol asp-v1) until it ends. The host authenticated the upgrade (or not:
    /// then HELLO must carry the token when the engine has a <see cref="AspV1ServerOptions.TokenValidator"/>).
    /// </summary>
    public async Task RunAsync(WebSocket socket, AspV1Admission admission, CancellationToken aborted)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(admission);
        if (_draining)
        {
            // A client told 1001 often reconnects at once, before the listener stops: send it on its way again.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await new WebSocketFrameTransport(socket).CloseAsync(Protocol.CloseCodes.GoingAway, "server shutting down", timeout.Token)
                .ConfigureAwait(false);
            return;
        }
        var pump = new WebSocketPump(socket, Options.Limits.MaxFrameBytes);
        var session = new AspV1Session(this, pump.Input, new WebSocketFrameTransport(socket), admission);
        var receiving = pump.RunAsync(aborted);
        _live[session] = socket;
        try
        {
            await session.RunAsync(() => pump.PeerClosed, aborted).ConfigureAwait(false);
        }
        finally
        {
            _live.TryRemove(session, out _);
            // The pump ends when the socket does (the host disposes it once this returns); it is not left unobserved.
            Work.Track(receiving);
        }
    }

    /// <summary>Closes every socket with 1001 (going away) so clients reconnect and resume elsewhere; for shutdown.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        _draining = true;
        var closing = _live.Keys.Select(s => s.DrainAsync()).ToArray();
        await Task.WhenAll(closing).WaitAsync(timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        // A peer that does not answer the close frame would hold its request, and so the host's shutdown, open.
        var deadline = Environment.TickCount64 + 2000;
        while (!_live.IsEmpty && Environment.TickCount64 < deadline) await Task.Delay(20, CancellationToken.None).ConfigureAwait(false);
        AbortSockets();
        await Work.WhenAllAsync(timeout).ConfigureAwait(false);
    }

    /// <summary>Drops every socket without a closing handshake, as a network failure would (resilience tests).</summary>
    public void AbortSockets()
    {
        foreach (var socket in _live.Values) socket.Abort();
    }

    /// <summary>A session closed for good: what it started is stopped, by whoever serves its role.</summary>
    internal void OnClosedForGood(IAspV1Connection connection)
    {
        Observer.ConnectionClosed(connection);
        if (connection.State?.Invocations is { } invocations) Work.Track(invocations.StopAllAsync("client disconnected"));
        if (connection.State?.Role == AspRoles.Provider && Providers is { } providers) Work.Track(providers.ClosedAsync(connection).AsTask());
    }
}
