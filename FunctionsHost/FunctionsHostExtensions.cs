using AgentPlatform.FunctionsHost.Forwarding;
using AgentPlatform.FunctionsHost.Health;
using AgentPlatform.FunctionsHost.Worker;
using AgentPlatform.ServiceDefaults;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace AgentPlatform.FunctionsHost;

/// <summary>FunctionsHost's wiring: options, the worker supervisor, the forwarder, health.</summary>
public static class FunctionsHostExtensions
{
    public static WebApplicationBuilder AddFunctionsHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddServiceDefaults();
        builder.Services.AddOptions<FunctionsHostOptions>()
            .Bind(builder.Configuration.GetSection(FunctionsHostOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<WorkerSupervisor>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WorkerSupervisor>());
        builder.Services.AddSingleton<InvocationForwarder>();
        builder.Services.AddHealthChecks().AddCheck<WorkerHealthCheck>("worker");
        return builder;
    }

    /// <summary><c>/health</c> (worker connected, functions loaded) and <c>/alive</c> (this process); everything else goes to the worker.</summary>
    public static WebApplication MapFunctionsHost(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(AgentPlatform.ServiceDefaults.Extensions.HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponse.WriteAsync });
        app.MapHealthChecks(AgentPlatform.ServiceDefaults.Extensions.AlivePath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = HealthResponse.WriteAsync,
        });
        var forwarder = app.Services.GetRequiredService<InvocationForwarder>();
        app.MapFallback("{**path}", forwarder.ForwardAsync);
        return app;
    }
}
