using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.WebPubSub.Auth;
using AgentPlatform.Relay.WebPubSub.Connections;
using AgentPlatform.Relay.WebPubSub.Options;
using AgentPlatform.Relay.WebPubSub.Rest;
using AgentPlatform.Relay.WebPubSub.Upstream;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AgentPlatform.Relay.WebPubSub;

/// <summary>
/// Wires the Relay's Web PubSub face: the client endpoint <c>/client/hubs/{hub}</c>, the data plane
/// <c>/api/hubs/{hub}/…</c> and <c>/api/health</c>, and the upstream CloudEvents client. Needs the relay core
/// (<see cref="RelayCore"/>) registered.
/// </summary>
public static class WebPubSubDialectExtensions
{
    public static IServiceCollection AddWebPubSubDialect(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => WebPubSubOptionsReader.Read(configuration));
        services.AddSingleton<WebPubSubDialect>();
        services.AddSingleton<WebPubSubTokenValidator>();
        services.AddSingleton<AbuseProtectionValidator>();
        services.AddSingleton<WebPubSubUpstreamClient>();
        services.AddSingleton<WebPubSubSession>();
        services.AddSingleton<WebPubSubUserGroups>();
        services.AddSingleton<WebPubSubClientEndpoint>();
        services.AddSingleton<WebPubSubRestApi>();
        // Events are POSTs (never retried) bounded by WebPubSub:UpstreamTimeout; the standard resilience handler's shorter
        // attempt timeout would end a blocking event (an agent invocation) before the documented limit.
        // RemoveAllResilienceHandlers is [Experimental] in Microsoft.Extensions.Http.Resilience 10.11, and the library's only
        // per-client opt-out of the handler ServiceDefaults adds to every client.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(WebPubSubUpstreamClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                // Every connection may have a blocking event in flight at once.
                MaxConnectionsPerServer = 1024,
            });
#pragma warning restore EXTEXP0001
        return services;
    }

    public static IEndpointRouteBuilder MapWebPubSub(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var sp = endpoints.ServiceProvider;
        var core = sp.GetRequiredService<RelayCore>();
        var session = sp.GetRequiredService<WebPubSubSession>();
        var dialect = sp.GetRequiredService<WebPubSubDialect>();
        core.ConnectionClosed += (connection, reason) =>
        {
            if (connection.Dialect is WebPubSubDialect) session.Closed(connection, reason);
        };
        dialect.BufferLimitExceeded += connection =>
            _ = Task.Run(() => session.CloseForGoodAsync(connection, "more than 1000 messages or 16 MB unacknowledged"));

        endpoints.Map("/client/hubs/{hub}", (HttpContext http, string hub, WebPubSubClientEndpoint client) => client.HandleAsync(http, hub));
        endpoints.Map("/client", (HttpContext http, WebPubSubClientEndpoint client) => client.HandleAsync(http, null));
        endpoints.Map("/api/hubs/{hub}/{**rest}", (HttpContext http, string hub, string? rest, WebPubSubRestApi api) => api.HandleAsync(http, hub, rest));
        endpoints.MapMethods("/api/health", [HttpMethods.Head, HttpMethods.Get], () => Results.Ok());
        return endpoints;
    }
}
