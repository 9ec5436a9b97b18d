using AgentPlatform.Relay.AspV1.Connections;
using AgentPlatform.Relay.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// <c>/v1/agent-socket</c>: authenticates the upgrade (401 before any frame), accepts subprotocol asp-v1 with
/// ping/pong liveness, and runs the session.
/// </summary>
public sealed partial class AspV1Endpoint(AspV1Services services, ILogger<AspV1Endpoint> logger)
{
    public const string Path = "/v1/agent-socket";
    public const string Subprotocol = "asp-v1";

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "websocket";
            return;
        }
        var via = services.Authenticator.Authenticate(context.Request);
        if (via is null)
        {
            services.Telemetry.Rejections.Add(1, new KeyValuePair<string, object?>("reason", "unauthorized"));
            LogRefused(logger);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return;
        }
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(Subprotocol, StringComparer.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("offer the asp-v1 subprotocol", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var limits = services.Options.Limits;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = Subprotocol,
            KeepAliveInterval = limits.PingInterval,
            KeepAliveTimeout = limits.PongTimeout,
        }).ConfigureAwait(false);
        LogAccepted(logger, via);
        await new AspV1Session(socket, services, logger).RunAsync(context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "asp-v1 upgrade refused: token missing or wrong")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(Level = LogLevel.Debug, Message = "asp-v1 connection accepted (token via {Via})")]
    private static partial void LogAccepted(ILogger logger, string via);
}
