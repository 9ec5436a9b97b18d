using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace AgentPlatform.Reliability.Proxy;

/// <summary>
/// A loopback TCP proxy of the suite's own: listens on 127.0.0.1 (a free port), forwards every connection to one
/// target, and on <see cref="Cut"/> ends every live connection at once with a RST or a FIN, a network fault the
/// client cannot tell from a real one (no WebSocket close, nothing from the server). New connections are accepted
/// right after a cut, so clients can reconnect through it. Bounded: at most <see cref="MaxConnections"/> live pairs
/// (more are refused by closing them), a fixed buffer per direction; disposing stops the listener and cuts all.
/// </summary>
public sealed class CuttingProxy : IAsyncDisposable
{
    /// <summary>Live connection pairs the proxy keeps at once; beyond that new clients are closed at accept.</summary>
    public const int MaxConnections = 256;

    private const int BufferSize = 64 * 1024;

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly ConcurrentDictionary<ProxiedConnection, byte> _live = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private long _accepted;
    private int _cuts;

    private CuttingProxy(IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start(MaxConnections);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>The proxy's own port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>Connections accepted so far (the first plus every reconnect).</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Cuts done so far.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    /// <summary>Connections open right now.</summary>
    public int Live => _live.Count;

    /// <summary>Starts a proxy to <paramref name="target"/> (a loopback http/ws URL; only host and port are used).</summary>
    public static CuttingProxy Start(Uri target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var address = IPAddress.TryParse(target.Host, out var ip) ? ip : IPAddress.Loopback;
        return new CuttingProxy(new IPEndPoint(address, target.Port));
    }

    /// <summary><paramref name="url"/> with its host and port replaced by the proxy's (path, query and scheme kept).</summary>
    public Uri Via(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return new UriBuilder(url) { Host = "127.0.0.1", Port = Port }.Uri;
    }

    /// <summary>Ends every live connection at once; returns how many were cut.</summary>
    public int Cut(CutMode mode)
    {
        Interlocked.Increment(ref _cuts);
        var n = 0;
        foreach (var connection in _live.Keys)
        {
            if (_live.TryRemove(connection, out _) && connection.Close(mode)) n++;
        }
        return n;
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _accepted);
            if (_live.Count >= MaxConnections)
            {
                client.Dispose();
                continue;
            }
            _ = RunAsync(client);
        }
    }

    private async Task RunAsync(Socket client)
    {
        var upstream = new Socket(_target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        var connection = new ProxiedConnection(client, upstream);
        // Live from accept on, so a cut also ends a connection still dialling upstream.
        _live.TryAdd(connection, 0);
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            if (_live.TryRemove(connection, out _)) connection.Close(CutMode.Reset);
            return;
        }
        // Whichever direction ends first (a peer closed, a cut) ends the pair: the proxy never half-opens.
        await Task.WhenAny(PumpAsync(client, upstream), PumpAsync(upstream, client)).ConfigureAwait(false);
        if (_live.TryRemove(connection, out _)) connection.Close(CutMode.Fin);
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (n == 0) return;
                var sent = 0;
                while (sent < n) sent += await to.SendAsync(buffer.AsMemory(sent, n - sent), SocketFlags.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Cut or closed: the caller ends the pair.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        foreach (var connection in _live.Keys)
        {
            if (_live.TryRemove(connection, out _)) connection.Close(CutMode.Reset);
        }
        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
