using System.Net;

namespace AgentPlatform.Relay.Limits;

/// <summary>
/// Admission for every HTTP dialect endpoint (asp-v1, Web PubSub client and REST, ACP, AgentChat): a request or
/// upgrade holds its place in <see cref="ConnectionAdmission"/> for as long as it runs (a WebSocket's whole life), and
/// a plain HTTP request also spends a token of its client's request bucket. Refusals are problem+json before any
/// upgrade. Health, admin and the root are never counted: operators must reach a full Relay. Refusals are logged at
/// Debug only (a flood must not become a log flood); relay.connections.refused counts them.
/// </summary>
public sealed partial class AdmissionMiddleware(RequestDelegate next, ConnectionAdmission admission, ILogger<AdmissionMiddleware> logger,
    IAdmissionIdentity? identity = null)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var dialect = DialectOf(context.Request.Path);
        if (dialect is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var options = admission.Options;
        var client = ClientOf(context.Connection.RemoteIpAddress);
        if (!context.WebSockets.IsWebSocketRequest && !admission.TryTakeRequest(dialect, client))
        {
            LogRefused(logger, dialect, AdmissionRefusal.ClientRate);
            await AdmissionProblem.WriteAsync(context, AdmissionRefusal.ClientRate, dialect, options.RequestsPerSecondPerClient, TimeSpan.FromSeconds(1))
                .ConfigureAwait(false);
            return;
        }
        var refusal = admission.TryAdmit(dialect, client, identity?.UserOf(context), out var lease);
        if (lease is null)
        {
            LogRefused(logger, dialect, refusal);
            var limit = refusal switch
            {
                AdmissionRefusal.ServerFull => options.MaxConnections,
                AdmissionRefusal.UserConnections => options.MaxConnectionsPerUser,
                _ => options.MaxConnectionsPerClient,
            };
            await AdmissionProblem.WriteAsync(context, refusal, dialect, limit, options.RetryAfter).ConfigureAwait(false);
            return;
        }
        using (lease)
        {
            await next(context).ConfigureAwait(false);
        }
    }

    /// <summary>The dialect a path belongs to, or null for paths admission leaves alone.</summary>
    public static string? DialectOf(PathString path)
    {
        if (path.StartsWithSegments("/v1/agent-socket", StringComparison.OrdinalIgnoreCase)) return "asp-v1";
        if (path.StartsWithSegments("/client", StringComparison.OrdinalIgnoreCase)) return "webpubsub";
        if (path.StartsWithSegments("/api/hubs", StringComparison.OrdinalIgnoreCase)) return "webpubsub-rest";
        if (path.StartsWithSegments("/acp", StringComparison.OrdinalIgnoreCase)) return "acp";
        if (path.StartsWithSegments("/agentchat", StringComparison.OrdinalIgnoreCase)) return "agentchat";
        // Not a dialect, but a key check anyone can reach: metered like one, so guessing the key is slow.
        if (path.StartsWithSegments("/v1/tokens", StringComparison.OrdinalIgnoreCase)) return "tokens";
        return null;
    }

    /// <summary>The per-client key: the remote address, IPv4-mapped addresses folded to IPv4.</summary>
    public static string ClientOf(IPAddress? address) => address switch
    {
        null => "unknown",
        { IsIPv4MappedToIPv6: true } => address.MapToIPv4().ToString(),
        _ => address.ToString(),
    };

    [LoggerMessage(EventId = 6900, Level = LogLevel.Debug, Message = "{Dialect} connection refused by admission: {Reason}")]
    private static partial void LogRefused(ILogger logger, string dialect, AdmissionRefusal reason);
}
