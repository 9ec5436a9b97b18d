using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using AgentPlatform.Agents;
using AgentPlatform.Client.Agenkit;
using AgentPlatform.Protocol.Agenkit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentPlatform.AgentHost.Agenkit;

/// <summary>
/// Serves <see cref="IAgent"/>s over the agenkit protocol on a Unix socket or TCP (seed 003 §5.1), the same classes
/// Functions and the asp-v1 hosts run. Unlike agenkit's own LocalAgent it routes by <c>agent_name</c> (unknown →
/// AGENT_NOT_FOUND), answers many requests per connection by id, enforces the frame limit before reading a body,
/// and can register itself with a registry over the wire and keep the registration alive with heartbeats.
/// </summary>
public sealed partial class LocalAgent : IAsyncDisposable
{
    private readonly Dictionary<string, IAgent> _agents;
    private readonly LocalAgentOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<long, LocalAgentConnection> _connections = [];
    private readonly Lock _gate = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private LocalAgentRegistration? _registration;
    private string? _socketPath;
    private long _nextConnection;
    private int _stopped;

    public LocalAgent(IAgent agent, LocalAgentOptions options, ILogger<LocalAgent>? logger = null)
        : this([agent ?? throw new ArgumentNullException(nameof(agent))], options, logger)
    {
    }

    public LocalAgent(IEnumerable<IAgent> agents, LocalAgentOptions options, ILogger<LocalAgent>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(agents);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _agents = agents.ToDictionary(a => a.Name, StringComparer.Ordinal);
        if (_agents.Count == 0) throw new ArgumentException("at least one agent is needed", nameof(agents));
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Endpoint = AgenkitEndpoint.Parse(options.Endpoint);
    }

    /// <summary>The endpoint served; for <c>tcp://…:0</c>, the port actually bound once started.</summary>
    public AgenkitEndpoint Endpoint { get; private set; }

    /// <summary>Connections open right now.</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate) return _connections.Count;
        }
    }

    /// <summary>Binds, starts accepting and, when a registry is configured, registers every agent.</summary>
    public static async Task<LocalAgent> StartAsync(IEnumerable<IAgent> agents, LocalAgentOptions options, ILogger<LocalAgent>? logger = null,
        CancellationToken cancellationToken = default)
    {
        var host = new LocalAgent(agents, options, logger);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // A refused registration must not leave a listener behind.
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return host;
    }

    /// <inheritdoc cref="StartAsync(IEnumerable{IAgent}, LocalAgentOptions, ILogger{LocalAgent}?, CancellationToken)"/>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_listener is not null) throw new InvalidOperationException("already started");
        _listener = Bind();
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        LogListening(_logger, Endpoint, _agents.Count);
        if (_options.Registry is not null)
        {
            var advertised = _options.AdvertisedEndpoint ?? Endpoint.ToString();
            _registration = new LocalAgentRegistration(AgenkitEndpoint.Parse(_options.Registry), advertised, _agents.Values, _options, _logger);
            await _registration.StartAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private Socket Bind()
    {
        if (Endpoint.IsUnix)
        {
            UnixSocketFile.Prepare(Endpoint.Path!);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                unix.Bind(new UnixDomainSocketEndPoint(Endpoint.Path!));
                _socketPath = Endpoint.Path;
                UnixSocketFile.Restrict(Endpoint.Path!);
                unix.Listen(512);
                return unix;
            }
            catch
            {
                unix.Dispose();
                throw;
            }
        }
        var address = IPAddress.TryParse(Endpoint.Host, out var ip) ? ip
            : Endpoint.Host == "localhost" ? IPAddress.Loopback
            : throw new ArgumentException("a TCP LocalAgent listens on an IP address (or localhost): " + Endpoint.Host);
        var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            tcp.Bind(new IPEndPoint(address, Endpoint.Port));
            tcp.Listen(512);
            Endpoint = AgenkitEndpoint.Tcp(Endpoint.Host!, ((IPEndPoint)tcp.LocalEndPoint!).Port);
            return tcp;
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    private async Task AcceptLoopAsync()
    {
        // Why: a persistent accept error (e.g. EMFILE) would otherwise spin a core; back off 50 ms doubling to 1 s.
        var backoff = TimeSpan.Zero;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                backoff = TimeSpan.Zero;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                LogAcceptFailed(_logger, ex.SocketErrorCode);
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
            if (!Endpoint.IsUnix) socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var number = Interlocked.Increment(ref _nextConnection);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        LocalAgentConnection? connection = null;
        try
        {
            if (_options.Certificate is not null && !Endpoint.IsUnix) stream = await AuthenticateAsync(stream).ConfigureAwait(false);
            connection = new LocalAgentConnection("agenkit-" + number.ToString(CultureInfo.InvariantCulture), stream, _agents, _options, _logger);
            bool admitted;
            lock (_gate)
            {
                admitted = _connections.Count < _options.MaxConnections;
                if (admitted) _connections[number] = connection;
            }
            if (!admitted)
            {
                await connection.SendAsync(AgenkitEnvelope.ForError(AgenkitProtocol.UnknownId, new AgenkitError(AgenkitErrorCodes.ConnectionFailed,
                    $"{_options.MaxConnections} connections are already open", new JsonObject { ["max_connections"] = _options.MaxConnections }))).ConfigureAwait(false);
                return;
            }
            await connection.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            lock (_gate) _connections.Remove(number);
            if (connection is not null) await connection.DisposeAsync().ConfigureAwait(false);
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<Stream> AuthenticateAsync(Stream stream)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _options.Certificate }, deadline.Token).ConfigureAwait(false);
        return tls;
    }

    /// <summary>Unregisters (best effort), stops accepting, ends every connection and removes the socket file.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
        if (_registration is not null) await _registration.DisposeAsync().ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        LocalAgentConnection[] open;
        lock (_gate) open = [.. _connections.Values];
        foreach (var c in open) c.Abort();
        if (_socketPath is not null) UnixSocketFile.Remove(_socketPath);
        LogStopped(_logger, Endpoint);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit LocalAgent listening on {Endpoint} for {Agents} agents")]
    private static partial void LogListening(ILogger logger, AgenkitEndpoint endpoint, int agents);

    [LoggerMessage(Level = LogLevel.Information, Message = "agenkit LocalAgent on {Endpoint} stopped")]
    private static partial void LogStopped(ILogger logger, AgenkitEndpoint endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "agenkit LocalAgent: accept failed ({Error})")]
    private static partial void LogAcceptFailed(ILogger logger, SocketError error);
}
