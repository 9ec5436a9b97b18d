using System.Security.Cryptography;
using System.Text;
using AgentPlatform.AgentHost.Invocations;
using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Server.AspV1;
using AgentPlatform.Server.AspV1.Connections;
using AgentPlatform.Server.Delivery;
using AgentPlatform.Server.Limits;
using Microsoft.AspNetCore.Http;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>
/// The in-process asp-v1 server (docs/protocol/asp-v1.md): the same engine as the Relay's, with sessions kept here and
/// invocations running this process's <see cref="IAgent"/>s.
/// </summary>
public sealed class AgentSocketEndpoint
{
    private readonly AgentSocketEndpointOptions _options;
    private readonly LocalSessions _sessions;
    private Task _draining = Task.CompletedTask;

    public AgentSocketEndpoint(IEnumerable<IAgent> agents, AgentSocketEndpointOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(agents);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        time ??= TimeProvider.System;
        _sessions = new LocalSessions(new OutboxOptions { MaxBufferedBytes = options.ReplayMaxBytes, MaxBufferedFrames = options.ReplayMaxFrames },
            options.ResumeWindow, time);
        Engine = new AspV1Engine(
            new AspV1ServerOptions
            {
                Limits = new ConnectionLimits
                {
                    MaxFrameBytes = options.MaxFrameSize,
                    MaxConcurrentInvocations = options.MaxInFlight,
                    PingInterval = options.Heartbeat,
                    PongTimeout = options.Heartbeat * 2,
                    // Liveness is the WebSocket keep-alive (pongs never reach the engine): an idle client is not closed.
                    IdleTimeout = Timeout.InfiniteTimeSpan,
                },
                AckInterval = options.AckInterval,
                HelloTimeout = options.HelloTimeout,
                TokenValidator = options.Token is null ? null : TokenMatches,
            },
            _sessions, new AgentRouter(agents, options.ContextStore), SilentObserver.Instance, time);
    }

    /// <summary>The engine serving this endpoint's sockets.</summary>
    public AspV1Engine Engine { get; }

    /// <summary>Sessions alive (connected or waiting for a resume).</summary>
    public int Sessions => _sessions.Count;

    /// <summary>Open WebSockets.</summary>
    public int Connections => Engine.Sockets;

    /// <summary>Drops every connection without a close handshake, as a network failure would (for resilience tests).</summary>
    public void AbortConnections() => Engine.AbortSockets();

    /// <summary>Closes every connection with 1001 (going away) so clients reconnect and resume; used at shutdown.</summary>
    public void CloseAll() => _draining = Engine.DrainAsync(TimeSpan.FromSeconds(5));

    /// <summary>Completes when the last <see cref="CloseAll"/> finished.</summary>
    public Task Drained => _draining;

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!http.WebSockets.IsWebSocketRequest || !http.WebSockets.WebSocketRequestedProtocols.Contains(AspV1Protocol.SubProtocol))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            await http.Response.WriteAsync("an asp-v1 WebSocket upgrade is required (Sec-WebSocket-Protocol: asp-v1)").ConfigureAwait(false);
            return;
        }
        var upgradeToken = UpgradeToken(http);
        if (_options.Token is not null && upgradeToken is not null && !TokenMatches(upgradeToken))
        {
            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = AspV1Protocol.SubProtocol,
            KeepAliveInterval = _options.Heartbeat,
            KeepAliveTimeout = _options.Heartbeat * 2,
        }).ConfigureAwait(false);
        await Engine.RunAsync(socket, new AspV1Admission(upgradeToken is not null), http.RequestAborted).ConfigureAwait(false);
    }

    private static string? UpgradeToken(HttpContext http)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim();
        var query = http.Request.Query["access_token"].ToString();
        return string.IsNullOrEmpty(query) ? null : query;
    }

    private bool TokenMatches(string candidate) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), Encoding.UTF8.GetBytes(_options.Token!));
}
