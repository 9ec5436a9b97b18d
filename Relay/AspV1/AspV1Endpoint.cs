using AgentPlatform.Protocol.AspV1;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Server.AspV1;
using AgentPlatform.Server.AspV1.Connections;

namespace AgentPlatform.Relay.AspV1;

/// <summary>
/// <c>/v1/agent-socket</c>: authenticates the upgrade (401 before any frame), accepts subprotocol asp-v1 with
/// ping/pong liveness, and hands the socket to the engine.
/// </summary>
public sealed partial class AspV1Endpoint(AspV1Engine engine, AgentSocketAuthenticator authenticator, RelayOptions options,
    ILogger<AspV1Endpoint> logger)
{
    public const string Path = "/v1/agent-socket";
    public const string Subprotocol = AspV1Protocol.SubProtocol;

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "websocket";
            return;
        }
        var auth = authenticator.AuthenticateRequest(context.Request);
        if (auth.Identity is not { } identity)
        {
            engine.Observer.Rejected("unauthorized");
            LogRefused(logger, auth.Error);
            await AuthProblem.UnauthorizedAsync(context, auth.Error).ConfigureAwait(false);
            return;
        }
        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(Subprotocol, StringComparer.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("offer the asp-v1 subprotocol", context.RequestAborted).ConfigureAwait(false);
            return;
        }
        var limits = options.Limits;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = Subprotocol,
            KeepAliveInterval = limits.PingInterval,
            KeepAliveTimeout = limits.PongTimeout,
        }).ConfigureAwait(false);
        LogAccepted(logger, identity.Via);
        await engine.RunAsync(socket, ToAdmission(identity), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The engine's view of an identity: the user the connection acts for and the roles INVOKE is checked against.</summary>
    public static AspV1Admission ToAdmission(RelayIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return new AspV1Admission(Authenticated: true, identity.UserId, identity.Roles);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "asp-v1 upgrade refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "asp-v1 connection accepted (token via {Via})")]
    private static partial void LogAccepted(ILogger logger, string via);
}
