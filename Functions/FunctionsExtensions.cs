using AgentPlatform.Agents;
using AgentPlatform.Functions.Agents;
using AgentPlatform.Functions.Agents.Llm;
using AgentPlatform.Functions.Contexts;
using AgentPlatform.Functions.Invocation;
using AgentPlatform.Functions.Registration;
using AgentPlatform.Functions.Replies;
using AgentPlatform.Functions.Steering;
using AgentPlatform.Functions.Telemetry;
using AgentPlatform.Functions.WebPubSub;
using AgentPlatform.ServiceDefaults;
using AgentPlatform.ServiceDefaults.Redis;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;

namespace AgentPlatform.Functions;

/// <summary>The Functions service's wiring: context store, agents, Registry registration, routes.</summary>
public static class FunctionsExtensions
{
    /// <summary>The connection string name (<c>ConnectionStrings:redis</c>) that switches on the scale-out stores.</summary>
    public const string RedisConnectionName = "redis";

    /// <summary>Services shared by the worker (Program.cs) and the in-process harness (<see cref="InProcessFunctionsApp"/>).</summary>
    public static TBuilder AddFunctions<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        var services = builder.Services;
        var configuration = builder.Configuration;

        // A nonsensical setting (a zero heartbeat, a negative history) stops Functions at start, naming the setting.
        services.AddOptions<LlmOptions>().Bind(configuration.GetSection(LlmOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RegistrationOptions>().Bind(configuration.GetSection(RegistrationOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(ChatCompletionsClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddHttpClient(RegistrationService.HttpClientName, c =>
        {
            // ServiceDefaults resolves http://registry from services:registry:http:0; resolving it here too keeps
            // Functions working whichever way the composition is wired.
            var url = configuration["services:registry:http:0"];
            c.BaseAddress = new Uri(string.IsNullOrEmpty(url) ? "http://registry" : url);
            c.Timeout = TimeSpan.FromSeconds(10);
        });

        var redis = configuration.GetConnectionString(RedisConnectionName);
        if (!string.IsNullOrEmpty(redis))
        {
            // Aspire's client integration: one shared multiplexer and a Redis health check on /health.
            builder.AddRedisClient(RedisConnectionName, s => s.DisableTracing = RedisTracing.IsDisabled(builder.Configuration), RedisReconnect.Configure);
            services.TryAddSingleton<IContextStore>(sp => new TracedContextStore(new RedisContextStore(sp.GetRequiredService<IConnectionMultiplexer>()), "redis"));
        }
        else
        {
            services.TryAddSingleton<IContextStore>(_ => new TracedContextStore(new SqliteContextStore(SqlitePath(configuration)), "sqlite"));
        }

        services.TryAddSingleton<FunctionsTelemetry>();
        services.AddSingleton<ChatCompletionsClient>();
        services.AddSingleton<IAgent, EchoAgent>();
        services.AddSingleton<IAgent, ConversationAgent>();
        services.AddSingleton<IAgent, ToolsAgent>();
        services.AddSingleton<IAgent, LlmAgent>();
        services.TryAddSingleton<AgentCatalog>();
        services.TryAddSingleton<PendingReplies>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingReplies>());
        services.TryAddSingleton<SteeringTargets>();
        services.AddHostedService(sp => sp.GetRequiredService<SteeringTargets>());
        services.AddHostedService<RegistrationService>();

        services.AddWebPubSubHandler(configuration); // Web PubSub event handler (Functions/WebPubSub, owned by the wps engineer)
        return builder;
    }

    /// <summary>The in-process harness's routes; the worker exposes the same handlers as [Function]s (Functions/Worker).</summary>
    public static WebApplication MapFunctions(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapDefaultEndpoints();
        app.MapInvokeEndpoints();

        app.MapWebPubSubHandler(); // Web PubSub event handler (Functions/WebPubSub, owned by the wps engineer)
        app.MapGet("/agents", (AgentCatalog catalog) => Results.Ok(catalog.Agents.Select(a => a.Describe().Name).Order(StringComparer.Ordinal)));
        return app;
    }

    /// <summary>The SQLite file: <c>ConnectionStrings:contexts</c>, else <c>{AgentPlatform:DataDir}/functions/contexts.db</c>.</summary>
    public static string SqlitePath(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var explicitPath = configuration.GetConnectionString("contexts");
        if (!string.IsNullOrEmpty(explicitPath)) return explicitPath;
        var dataDir = configuration["AgentPlatform:DataDir"];
        if (string.IsNullOrEmpty(dataDir)) dataDir = Path.Combine(Path.GetTempPath(), "agentplatform");
        return Path.Combine(dataDir, "functions", "contexts.db");
    }
}
