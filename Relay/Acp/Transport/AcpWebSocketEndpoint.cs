using AgentPlatform.Relay.Acp.Agents;
using AgentPlatform.Relay.Acp.Connections;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Limits;

namespace AgentPlatform.Relay.Acp.Transport;

/// <summary>The WebSocket upgrade of <c>/acp</c>: 101 carries <c>Acp-Connection-Id</c>; the socket then belongs to an <see cref="AcpWebSocketConnection"/>.</summary>
public sealed partial class AcpWebSocketEndpoint(AcpRuntime runtime, RelayOptions options, RelayLimitsOptions limits, ILogger<AcpWebSocketEndpoint> logger)
{
    public async Task HandleAsync(HttpContext http, IAcpAgent agent)
    {
        ArgumentNullException.ThrowIfNull(http);
        var offered = http.WebSockets.WebSocketRequestedProtocols;
        // ACP names no subprotocol. A client that offered some (the bearer token for a browser) fails a handshake that
        // selects none, so the token's own entry is echoed, else the first offered.
        var subprotocol = offered.FirstOrDefault(p => p.StartsWith(AgentSocketAuthenticator.SubprotocolPrefix, StringComparison.Ordinal))
            ?? (offered.Count > 0 ? offered[0] : null);
        var connectionId = Guid.NewGuid().ToString();
        http.Response.Headers[AcpHeaders.ConnectionId] = connectionId;
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = subprotocol,
            DangerousEnableCompression = false,
            // Pings with a pong deadline, as on the agent socket: a client lost without a FIN is noticed (and, with
            // the replay extension, its notifications start being kept) instead of being written to forever.
            KeepAliveInterval = options.Limits.PingInterval,
            KeepAliveTimeout = options.Limits.PongTimeout,
        }).ConfigureAwait(false);
        var connection = new AcpWebSocketConnection(runtime, AcpPrincipal.Of(http), socket, connectionId)
        {
            HandshakeTimeout = limits.HandshakeTimeout,
            Rate = new MessageRateGate(options.Limits, runtime.Time),
        };
        try
        {
            await connection.RunAsync(agent, http.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Registration failed (the backplane is down: the core closed the socket with 1013) or the client left
            // during it; the read loop handles everything after that itself.
            LogNotOpened(logger, connectionId, ex);
        }
    }

    [LoggerMessage(EventId = 6350, Level = LogLevel.Warning, Message = "ACP connection {ConnectionId} could not be opened")]
    private static partial void LogNotOpened(ILogger logger, string connectionId, Exception ex);
}
