using AgentPlatform.FunctionsHost.Worker;

namespace AgentPlatform.FunctionsHost;

/// <summary>
/// Builds the host: Program.cs runs it, tests build it in their own process (any number, each on its own port) and
/// reach the worker through <see cref="Supervisor"/>.
/// </summary>
public static class LocalFunctionsHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddFunctionsHost();
        var app = builder.Build();
        app.MapFunctionsHost();
        return app;
    }

    /// <summary>The worker supervisor of a built host (state, readiness, killing the worker in tests).</summary>
    public static WorkerSupervisor Supervisor(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.Services.GetRequiredService<WorkerSupervisor>();
    }
}
