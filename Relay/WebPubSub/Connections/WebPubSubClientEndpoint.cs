using System.Diagnostics.CodeAnalysis;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AgentPlatform.Protocol.WebPubSub;
using AgentPlatform.Protocol.WebPubSub.CloudEvents;
using AgentPlatform.Protocol.WebPubSub.Messages;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.WebPubSub.Auth;
using AgentPlatform.Relay.WebPubSub.Upstream;
using AgentPlatform.Server.Transport;

namespace AgentPlatform.Relay.WebPubSub.Connections;

/// <summary>
/// The handshake of <c>/client/hubs/{hub}</c>: token check, the blocking connect event, subprotocol choice, and
/// recovery of reliable sessions through <c>awps_connection_id</c> + <c>awps_reconnection_token</c>. After the
/// handshake the connection belongs to the core and its frames to <see cref="WebPubSubSession"/>.
/// </summary>
public sealed partial class WebPubSubClientEndpoint(RelayCore core, WebPubSubDialect dialect, WebPubSubTokenValidator tokens,
    WebPubSubUpstreamClient upstream, WebPubSubSession session, WebPubSubUserGroups userGroups, ILogger<WebPubSubClientEndpoint> logger)
{
    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_`,.\[\]]{0,127}$")]
    private static partial Regex HubName();

    /// <summary>True when <paramref name="hub"/> is a valid hub name (data-plane spec).</summary>
    public static bool IsValidHub([NotNullWhen(true)] string? hub) => hub is not null && HubName().IsMatch(hub);

    public async Task HandleAsync(HttpContext http, string? hub)
    {
        ArgumentNullException.ThrowIfNull(http);
        hub ??= http.Request.Query["hub"].ToString();
        if (!http.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "a WebSocket upgrade is required").ConfigureAwait(false);
            return;
        }
        if (!IsValidHub(hub))
        {
            await RefuseAsync(http, StatusCodes.Status400BadRequest, "invalid hub name").ConfigureAwait(false);
            return;
        }
        var query = http.Request.Query;
        if (query.ContainsKey("awps_connection_id") || query.ContainsKey("awps_reconnection_token"))
        {
            await RecoverAsync(http, hub, query["awps_connection_id"].ToString(), query["awps_reconnection_token"].ToString()).ConfigureAwait(false);
            return;
        }
        await ConnectAsync(http, hub).ConfigureAwait(false);
    }

    private async Task ConnectAsync(HttpContext http, string hub)
    {
        var token = http.Request.Query["access_token"].ToString();
        var auth = http.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(token) && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) token = auth[7..].Trim();
        if (!tokens.TryValidateClient(http.Request, hub, token, out var claims, out var why))
        {
            LogRefused(logger, hub, why);
            await RefuseAsync(http, StatusCodes.Status401Unauthorized, why).ConfigureAwait(false);
            return;
        }
        var requested = http.WebSockets.WebSocketRequestedProtocols;
        var connectionId = NewId();
        var userId = claims.UserId;
        var roles = new List<string>(claims.Roles);
        var groups = new List<string>(claims.Groups);
        var subprotocol = requested.FirstOrDefault(WebPubSubSubprotocols.IsSupported);
        string? state = null;
        if (upstream.Subscribes(hub, "connect"))
        {
            var context = new WebPubSubEventContext
            {
                Kind = WebPubSubEventKind.Connect, EventName = "connect", Hub = hub, ConnectionId = connectionId, UserId = userId,
            };
            var body = new ConnectEventRequest
            {
                Claims = claims.All,
                Query = http.Request.Query.ToDictionary(q => q.Key, q => q.Value.Select(v => v ?? "").ToArray(), StringComparer.Ordinal),
                Headers = http.Request.Headers.Where(h => !h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
                    .ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? "").ToArray(), StringComparer.OrdinalIgnoreCase),
                Subprotocols = [.. requested],
            };
            var outcome = await upstream.ConnectAsync(context, body, http.RequestAborted).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                // A 4xx from the handler is the client's handshake answer; anything else is the service's failure.
                var status = outcome.Status is >= 400 and < 500 ? outcome.Status : StatusCodes.Status500InternalServerError;
                LogRejected(logger, hub, status);
                await RefuseAsync(http, status, outcome.Error ?? "rejected by the connect handler").ConfigureAwait(false);
                return;
            }
            if (outcome.Connect is { } answer)
            {
                userId = answer.UserId ?? userId;
                if (answer.Roles is not null) roles.AddRange(answer.Roles);
                if (answer.Groups is not null) groups.AddRange(answer.Groups);
                if (!string.IsNullOrEmpty(answer.Subprotocol))
                {
                    if (!requested.Contains(answer.Subprotocol))
                    {
                        await RefuseAsync(http, StatusCodes.Status500InternalServerError, "the connect handler chose a subprotocol the client did not offer").ConfigureAwait(false);
                        return;
                    }
                    subprotocol = answer.Subprotocol;
                }
            }
            state = outcome.ConnectionState;
        }
        // A client that offered only subprotocols we do not speak is a simple client; its first choice is echoed
        // because a handshake answered without any subprotocol fails on the client side.
        var accepted = subprotocol ?? (requested.Count == 0 ? null : requested[0]);
        var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = accepted,
            DangerousEnableCompression = false,
        }).ConfigureAwait(false);
        var spoken = WebPubSubSubprotocols.IsSupported(accepted) ? accepted : null;
        var wpsContext = new WebPubSubConnectionContext(spoken, NewToken(), roles, state);
        var transport = new WebSocketFrameTransport(socket);
        // Awaited: once the client hears "connected", a send from any replica reaches it.
        var connection = await core.OpenAsync(new ConnectionRegistration
        {
            Hub = hub,
            Dialect = dialect,
            UserId = userId,
            Roles = roles,
            Reliable = wpsContext.IsReliable,
            ConnectionId = connectionId,
        }, transport, http.RequestAborted).ConfigureAwait(false);
        connection.DialectState = wpsContext;
        if (!wpsContext.IsSimpleClient)
        {
            var connected = new ConnectedMessage(connectionId, userId, wpsContext.IsReliable ? wpsContext.ReconnectionToken : null);
            await connection.SendAsync(WebPubSubFrames.Text(connected), tracked: false, http.RequestAborted).ConfigureAwait(false);
        }
        // Group names from tokens and handlers follow the same rule as joinGroup frames: 1-1024 characters, not blank.
        foreach (var group in groups.Concat(userGroups.Of(hub, userId)).Where(g => !string.IsNullOrWhiteSpace(g) && g.Length <= 1024)
                     .Distinct(StringComparer.Ordinal))
        {
            await core.AddToGroupAsync(hub, connectionId, group).ConfigureAwait(false);
        }
        LogConnected(logger, hub, connectionId, spoken ?? "simple");
        session.Connected(connection);
        await session.RunAsync(connection, socket, transport).ConfigureAwait(false);
    }

    private async Task RecoverAsync(HttpContext http, string hub, string connectionId, string reconnectionToken)
    {
        var requested = http.WebSockets.WebSocketRequestedProtocols;
        var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = requested.FirstOrDefault(WebPubSubSubprotocols.IsReliable),
        }).ConfigureAwait(false);
        var transport = new WebSocketFrameTransport(socket);
        if (!core.Hub(hub).TryGet(connectionId, out var connection)
            || connection.DialectState is not WebPubSubConnectionContext { IsReliable: true } context
            || !FixedTimeEquals(context.ReconnectionToken, reconnectionToken)
            || connection.ResumeToken is not { } resumeToken)
        {
            LogRecoveryFailed(logger, hub, "unknown or closed session");
            await CloseUnrecoverableAsync(transport, "the connection cannot be recovered").ConfigureAwait(false);
            return;
        }
        // Everything not acknowledged is replayed: the client drops ids it already has.
        var outcome = core.TryResume(hub, resumeToken, connection.Outbox.AcknowledgedSequence, transport, out var resumed);
        if (outcome == Server.Delivery.ResumeOutcome.BehindBuffer && connection.ResumeToken is { } again)
        {
            // An ack landed between reading the position and attaching: read it again once.
            outcome = core.TryResume(hub, again, connection.Outbox.AcknowledgedSequence, transport, out resumed);
        }
        if (outcome != Server.Delivery.ResumeOutcome.Resumed || resumed is null)
        {
            LogRecoveryRefused(logger, hub, outcome);
            await CloseUnrecoverableAsync(transport, "the connection cannot be recovered").ConfigureAwait(false);
            return;
        }
        LogRecovered(logger, hub, connectionId);
        await session.RunAsync(resumed, socket, transport).ConfigureAwait(false);
    }

    private static async Task CloseUnrecoverableAsync(WebSocketFrameTransport transport, string reason)
    {
        // 1008 tells the SDK to stop recovering and start a fresh connection.
        await transport.SendAsync(WebPubSubFrames.Text(new DisconnectedMessage(reason)), CancellationToken.None).ConfigureAwait(false);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await transport.Socket.CloseAsync(WebSocketCloseStatus.PolicyViolation, reason, cts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            transport.Abort();
        }
    }

    private static async Task RefuseAsync(HttpContext http, int status, string reason)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(reason, Encoding.UTF8).ConfigureAwait(false);
    }

    private static bool FixedTimeEquals(string expected, string offered) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(offered));

    private static string NewId() => Base64Url(RandomNumberGenerator.GetBytes(16));

    private static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    [LoggerMessage(EventId = 6120, Level = LogLevel.Information, Message = "Web PubSub client refused on hub {Hub}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string hub, string reason);

    [LoggerMessage(EventId = 6121, Level = LogLevel.Information, Message = "Web PubSub connect handler of hub {Hub} rejected a client with {Status}")]
    private static partial void LogRejected(ILogger logger, string hub, int status);

    [LoggerMessage(EventId = 6122, Level = LogLevel.Debug, Message = "Web PubSub client {ConnectionId} connected to hub {Hub} ({Subprotocol})")]
    private static partial void LogConnected(ILogger logger, string hub, string connectionId, string subprotocol);

    [LoggerMessage(EventId = 6123, Level = LogLevel.Information, Message = "Web PubSub recovery on hub {Hub} failed: {Reason}")]
    private static partial void LogRecoveryFailed(ILogger logger, string hub, string reason);

    [LoggerMessage(EventId = 6125, Level = LogLevel.Information, Message = "Web PubSub recovery on hub {Hub} refused by the core: {Outcome}")]
    private static partial void LogRecoveryRefused(ILogger logger, string hub, Server.Delivery.ResumeOutcome outcome);

    [LoggerMessage(EventId = 6124, Level = LogLevel.Debug, Message = "Web PubSub client {ConnectionId} recovered on hub {Hub}")]
    private static partial void LogRecovered(ILogger logger, string hub, string connectionId);
}
