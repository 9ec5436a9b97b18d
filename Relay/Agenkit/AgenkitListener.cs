using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using AgentPlatform.Protocol.Agenkit;
using AgentPlatform.Relay.Limits;

namespace AgentPlatform.Relay.Agenkit;

/// <summary>
/// The agenkit listener beside the Relay: a Unix socket and/or a TCP port (TLS when a certificate is configured),
/// bound when the host starts (so endpoints.json can name them), every accepted socket served by an
/// <see cref="AgenkitConnection"/>; on stop, connections end and the socket file is removed.
/// </summary>
public sealed partial class AgenkitListener(AgenkitServices services) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<Task, byte> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private X509Certificate2? _certificate;
    private int _open;

    /// <summary>The Unix endpoint (<c>unix:///path</c>) once listening, else null.</summary>
    public string? UnixEndpoint { get; private set; }

    /// <summary>The TCP endpoint (<c>tcp://host:port</c>, the bound port) once listening, else null.</summary>
    public string? TcpEndpoint { get; private set; }

    /// <summary>Connections being served now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var options = services.Options;
        if (!options.Enabled) return Task.CompletedTask;
        if (options.CertificatePath is { } certificate) _certificate = LoadCertificate(certificate, options.CertificateKeyPath, options.CertificatePassword);
        if (options.UnixSocket is { } path)
        {
            UnixSocketFile.Prepare(path);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Bind(new UnixDomainSocketEndPoint(path));
            UnixSocketFile.Restrict(path);
            unix.Listen(512);
            _listeners.Add(unix);
            UnixEndpoint = "unix://" + path;
            services.Agents.Own.BoundUnix(path);
            _acceptLoops.Add(AcceptLoopAsync(unix, "unix", tls: false));
            LogListening(services.Logger, UnixEndpoint);
        }
        if (options.TcpPort is { } port)
        {
            var address = IPAddress.Parse(options.TcpHost);
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(address, port));
            tcp.Listen(512);
            _listeners.Add(tcp);
            var bound = (IPEndPoint)tcp.LocalEndPoint!;
            services.Agents.Own.BoundTcp(bound);
            var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
            TcpEndpoint = "tcp://" + host + ":" + bound.Port.ToString(CultureInfo.InvariantCulture);
            _acceptLoops.Add(AcceptLoopAsync(tcp, _certificate is null ? "tcp" : "tls", tls: _certificate is not null));
            LogListening(services.Logger, TcpEndpoint);
        }
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var listener in _listeners) listener.Dispose();
        await Task.WhenAll(_acceptLoops).WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_connections.Keys).WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Connections still draining are abandoned with the process.
        }
        if (services.Options.UnixSocket is { } path && UnixEndpoint is not null) UnixSocketFile.Remove(path);
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Dispose();
        _certificate?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task AcceptLoopAsync(Socket listener, string transport, bool tls)
    {
        // Why: a persistent accept error (e.g. EMFILE, a disposed socket) would otherwise spin a core;
        // back off 50 ms doubling to 1 s between retries.
        var backoff = TimeSpan.Zero;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stopping.IsCancellationRequested) return;
                backoff = backoff == TimeSpan.Zero ? TimeSpan.FromMilliseconds(50) : TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond));
                try
                {
                    await Task.Delay(backoff, _stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                continue;
            }
            if (socket.AddressFamily != AddressFamily.Unix) socket.NoDelay = true;
            var task = ServeAsync(socket, transport, tls);
            _connections.TryAdd(task, 0);
            _ = task.ContinueWith(t => _connections.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private async Task ServeAsync(Socket socket, string transport, bool tls)
    {
        await Task.Yield();
        var open = Interlocked.Increment(ref _open);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        AdmissionLease? lease = null;
        try
        {
            if (open > services.Options.MaxConnections)
            {
                services.Admission?.Refused("agenkit", AdmissionRefusal.ServerFull);
                await RefuseAsync(stream).ConfigureAwait(false);
                return;
            }
            // Relay/Limits: the process-wide ceiling and the per-client share count agenkit sockets with the HTTP dialects.
            var refusal = services.Admission?.TryAdmit("agenkit", ClientOf(socket), null, out lease) ?? AdmissionRefusal.None;
            if (refusal != AdmissionRefusal.None)
            {
                await RefuseAsync(stream, refusal).ConfigureAwait(false);
                return;
            }
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = ssl;
                using var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
                handshake.CancelAfter(services.HandshakeTimeout);
                await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, handshake.Token).ConfigureAwait(false);
            }
            await new AgenkitConnection(services, stream, socket, transport).RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException
                                       or System.Security.Authentication.AuthenticationException)
        {
            LogServeFailed(services.Logger, transport, ex);
        }
        finally
        {
            lease?.Dispose();
            Interlocked.Decrement(ref _open);
            await stream.DisposeAsync().ConfigureAwait(false);
            socket.Dispose();
        }
    }

    /// <summary>One connection too many: told why (CONNECTION_FAILED), then closed.</summary>
    private static async Task RefuseAsync(Stream stream)
    {
        var error = new AgenkitError(AgenkitErrorCodes.ConnectionFailed, "Too many connections", new JsonObject { ["reason"] = "too_many_connections" });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await stream.WriteAsync(AgenkitFraming.ToFrame(AgenkitEnvelope.ForError(AgenkitProtocol.UnknownId, error)), timeout.Token).ConfigureAwait(false);
    }

    /// <summary>Refused by Relay/Limits: CONNECTION_FAILED naming the limit, then closed.</summary>
    private static async Task RefuseAsync(Stream stream, AdmissionRefusal refusal)
    {
        var reason = ConnectionAdmission.ReasonOf(refusal);
        var message = refusal == AdmissionRefusal.ServerFull ? "Server full (Relay:Limits:MaxConnections)" : "Too many connections from this client";
        var error = new AgenkitError(AgenkitErrorCodes.ConnectionFailed, message, new JsonObject { ["reason"] = reason });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await stream.WriteAsync(AgenkitFraming.ToFrame(AgenkitEnvelope.ForError(AgenkitProtocol.UnknownId, error)), timeout.Token).ConfigureAwait(false);
    }

    /// <summary>The per-client key of a socket: its remote address over TCP; every Unix peer shares one ("unix", a local user).</summary>
    private static string ClientOf(Socket socket) =>
        socket.RemoteEndPoint is IPEndPoint ip ? AdmissionMiddleware.ClientOf(ip.Address) : "unix";

    private static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password) =>
        keyPath is not null
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, password);

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit listening on {Endpoint}")]
    private static partial void LogListening(ILogger logger, string endpoint);

    [LoggerMessage(Level = LogLevel.Debug, Message = "agenkit {Transport} connection ended by a socket or TLS failure")]
    private static partial void LogServeFailed(ILogger logger, string transport, Exception error);
}
