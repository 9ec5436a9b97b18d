using AgentPlatform.Relay.Acp.Transport;
using AgentPlatform.Relay.AgentChat;
using AgentPlatform.Relay.AspV1;

namespace AgentPlatform.Relay.Security;

/// <summary>
/// Refuses cross-site WebSocket hijacking: a request to a browser-facing endpoint (asp-v1, the Web PubSub client
/// endpoint, ACP including Streamable HTTP, AgentChat) whose <c>Origin</c> header is present and not in
/// <see cref="OriginAllowList"/> gets a 403 problem before any upgrade. A request without Origin comes from a
/// non-browser client (browsers always send it on WebSocket upgrades and cross-origin POSTs) and passes.
/// </summary>
public sealed partial class OriginCheckMiddleware
{
    private readonly RequestDelegate _next;
    private readonly OriginAllowList _allowList;
    private readonly ILogger<OriginCheckMiddleware> _logger;

    public OriginCheckMiddleware(RequestDelegate next, IConfiguration configuration, IHostEnvironment environment, ILogger<OriginCheckMiddleware> logger)
    {
        ArgumentNullException.ThrowIfNull(environment);
        _next = next;
        _logger = logger;
        // Built with the pipeline, at start: a malformed entry stops the Relay before it listens.
        _allowList = OriginAllowList.FromConfiguration(configuration, environment.IsDevelopment());
    }

    /// <summary>Whether <paramref name="path"/> is one of the endpoints a browser page may open.</summary>
    public static bool IsBrowserFacing(PathString path) =>
        path.StartsWithSegments(AspV1Endpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/client", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AcpEndpoint.Path, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AgentChatRelayExtensions.Path, StringComparison.OrdinalIgnoreCase);

    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0 || !IsBrowserFacing(context.Request.Path)) return _next(context);
        if (origin.Count == 1 && _allowList.Allows(origin.ToString())) return _next(context);
        // The origin is the attacker's page, not a secret; the path says which endpoint was targeted.
        Log.Refused(_logger, origin.ToString(), context.Request.Path.Value ?? "");
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin not allowed",
            detail: "This origin may not open the Relay's browser endpoints; add it to Relay:AllowedOrigins.").ExecuteAsync(context);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Refused a browser request from origin {Origin} to {Path} (not in Relay:AllowedOrigins)")]
        public static partial void Refused(ILogger logger, string origin, string path);
    }
}
