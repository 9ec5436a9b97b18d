using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Aid;
using AgentPlatform.Registry.Api;
using AgentPlatform.Registry.Auth;
using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Pruning;
using AgentPlatform.Registry.Stores;
using AgentPlatform.ServiceDefaults;
using AgentPlatform.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentPlatform.Registry;

/// <summary>The Registry's wiring: options, key, store choice, pruner, routes.</summary>
public static class RegistryExtensions
{
    public const string KeyConfig = "AgentPlatform:Keys:Registry";

    /// <summary>The connection string name (<c>ConnectionStrings:redis</c>) that switches on the Redis store.</summary>
    public const string RedisConnectionName = "redis";

    public static WebApplicationBuilder AddRegistry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        var services = builder.Services;
        // A nonsensical setting (zero history, a negative timeout) stops the Registry at start, not at the first request.
        services.AddOptions<RegistryOptions>().Bind(builder.Configuration.GetSection(RegistryOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RegistryTelemetry>();
        services.AddSingleton(sp => new AidPublisher(sp.GetRequiredService<IOptions<RegistryOptions>>().Value.Aid));
        services.AddSingleton(sp =>
        {
            var key = sp.GetRequiredService<IConfiguration>()[KeyConfig];
            var options = sp.GetRequiredService<IOptions<RegistryOptions>>().Value;
            if (string.IsNullOrEmpty(key) && !options.AllowAnonymousWrites)
            {
                throw new InvalidOperationException(
                    $"No registry key: set {KeyConfig} (env AgentPlatform__Keys__Registry), or Registry:AllowAnonymousWrites=true for local experiments.");
            }
            return new RegistryKey(key);
        });
        services.AddSingleton<WriteKeyFilter>();
        services.AddSingleton<AgentPickers>();
        var useRedis = !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(RedisConnectionName));
        // Aspire's client integration: one shared multiplexer and a Redis health check on /health.
        if (useRedis) builder.AddRedisClient(RedisConnectionName, s => s.DisableTracing = RedisTracing.IsDisabled(builder.Configuration), RedisReconnect.Configure);
        services.AddSingleton<IRegistryStore>(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<RegistryStoreMarker>>();
            var options = sp.GetRequiredService<IOptions<RegistryOptions>>();
            if (!useRedis)
            {
                Log.StoreSelected(logger, "in-memory");
                return new TracedRegistryStore(new InMemoryRegistryStore(options), "memory");
            }
            Log.StoreSelected(logger, "redis");
            return new TracedRegistryStore(new RedisRegistryStore(
                sp.GetRequiredService<IConnectionMultiplexer>(), options, sp.GetRequiredService<ILogger<RedisRegistryStore>>()), "redis");
        });
        services.AddHostedService<PruneService>();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, RegistryJsonContext.Default));
        return builder;
    }

    public static WebApplication MapRegistry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Resolve eagerly so a missing key or an unreachable store fails the start, not the first request.
        app.Services.GetRequiredService<RegistryKey>();
        app.Services.GetRequiredService<IRegistryStore>();
        app.MapDefaultEndpoints();
        app.MapGet("/", () => TypedResults.Ok(new Dictionary<string, string> { ["service"] = "registry" }));
        app.MapAgentEndpoints();
        app.MapAidEndpoints();
        return app;
    }
}
