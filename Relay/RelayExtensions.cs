using AgentPlatform.Relay.Acp;
using AgentPlatform.Relay.Admin;
using AgentPlatform.Relay.Agenkit;
using AgentPlatform.Relay.AgentChat;
using AgentPlatform.Relay.AspV1;
using AgentPlatform.Relay.Auth;
using AgentPlatform.Relay.Configuration;
using AgentPlatform.Relay.Core;
using AgentPlatform.Relay.Core.Backplane;
using AgentPlatform.Relay.Diagnostics;
using AgentPlatform.Relay.Limits;
using AgentPlatform.Relay.Routing;
using AgentPlatform.Relay.Routing.Providers;
using AgentPlatform.Relay.Upstream.Functions;
using AgentPlatform.Relay.WebPubSub;
using AgentPlatform.ServiceDefaults;
using AgentPlatform.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace AgentPlatform.Relay;

/// <summary>The Relay's wiring: services, endpoints, configuration keys (docs/operations/configuration.md).</summary>
public static class RelayExtensions
{
    /// <summary>The connection string name (<c>ConnectionStrings:redis</c>) that switches on the Redis backplane.</summary>
    public const string RedisConnectionName = "redis";

    public static WebApplicationBuilder AddRelay(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        var config = builder.Configuration;
        var services = builder.Services;
        services.AddRelayOptions(config);
        services.AddRelayLimits(config);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(new RelayCoreOptions
        {
            ResumeWindow = config.GetValue("Relay:Core:ResumeWindow", TimeSpan.FromSeconds(60)),
            Outbox = new()
            {
                MaxBufferedBytes = config.GetValue("Relay:Core:Outbox:MaxBufferedBytes", 1L << 20),
                MaxBufferedFrames = config.GetValue("Relay:Core:Outbox:MaxBufferedFrames", 1024),
            },
        });
        if (!string.IsNullOrWhiteSpace(config.GetConnectionString(RedisConnectionName)))
        {
            // Aspire's client integration: one shared multiplexer and a Redis health check on /health.
            builder.AddRedisClient(RedisConnectionName, s => s.DisableTracing = RedisTracing.IsDisabled(builder.Configuration), RedisReconnect.Configure);
            var backplaneOptions = new BackplaneOptions
            {
                AckTimeout = config.GetValue("Relay:Backplane:AckTimeout", TimeSpan.FromSeconds(5)),
                ReconnectGrace = config.GetValue("Relay:Backplane:ReconnectGrace", TimeSpan.FromSeconds(1.5)),
            };
            services.TryAddSingleton<IRelayBackplane>(sp => new RedisBackplane(sp.GetRequiredService<IConnectionMultiplexer>(),
                sp.GetRequiredService<ILogger<RedisBackplane>>(), backplaneOptions, sp.GetRequiredService<TimeProvider>()));
            services.TryAddSingleton<Core.Sessions.ISessionStore, Core.Sessions.RedisSessionStore>();
        }
        else
        {
            services.TryAddSingleton<IRelayBackplane, InProcessBackplane>();
        }
        services.AddSingleton<RelayCore>();
        services.AddHostedService<RelayCoreStarter>();
        services.AddSingleton<RelayTelemetry>();
        services.AddRelayAuth();
        services.AddSingleton<AgentDirectory>();
        services.AddSingleton<InvocationLog>();
        services.AddSingleton<AdminEventHub>();
        services.AddSingleton(sp => new RelayStartTime(sp.GetRequiredService<TimeProvider>().GetUtcNow()));
        services.AddSingleton<FunctionsClient>();
        services.AddProviderDirectory(config);
        services.AddAspV1();
        services.AddAgentChatDialect(config);
        services.AddHostedService<RegistryWatcher>();
        services.AddHttpClient("registry-watch");
        // An invocation is a POST (never retried) with its own deadline (timeoutMs / Relay:FunctionTimeout) and error
        // mapping; the standard resilience handler's timeouts run until response headers, which a function sends with
        // its first output, so they would end agents that think longer than the attempt timeout before writing.
        // RemoveAllResilienceHandlers is [Experimental] in Microsoft.Extensions.Http.Resilience 10.11, and the library's only
        // per-client opt-out of the handler ServiceDefaults adds to every client.
#pragma warning disable EXTEXP0001
        services.AddHttpClient(FunctionsClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            // Every relay-mode invocation is one of these requests: no logging scope per call (the invocation's
            // span and the relay.* metrics already describe it).
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                UseProxy = false,
                PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
                ConnectTimeout = TimeSpan.FromSeconds(5),
                // Many interleaved invocations each hold a streamed response open.
                MaxConnectionsPerServer = 1024,
            });
#pragma warning restore EXTEXP0001
        services.AddHealthChecks().AddCheck<RegistryViewHealthCheck>("registry-view");
        services.AddWebPubSubDialect(config);
        services.AddAcpDialect(config);
        services.AddAgenkit(config);
        return builder;
    }

    public static WebApplication UseRelay(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRelayLimits();
        app.UseMiddleware<Security.OriginCheckMiddleware>(); // Relay:AllowedOrigins on the browser-facing endpoints
        app.MapDefaultEndpoints();
        app.MapAgentChatDialect();
        app.MapGet("/", () => Results.Ok(new { service = "relay" }));
        app.MapAgentSocket();
        app.MapRelayTokens();
        app.MapWebPubSub();
        app.MapAcp();
        app.MapRelayAdmin();
        return app;
    }

    private sealed class RelayCoreStarter(RelayCore core, AdminEventHub events) : IHostedService
    {
        // Resolving the event hub here subscribes it to the core before the first connection arrives.
        public Task StartAsync(CancellationToken cancellationToken) => events is null ? Task.CompletedTask : core.StartAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => core.StopAsync(cancellationToken);
    }

    private sealed class RegistryViewHealthCheck(AgentDirectory directory) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(directory.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("registry view not loaded yet"));
    }
}
