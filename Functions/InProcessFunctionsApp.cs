namespace AgentPlatform.Functions;

/// <summary>
/// The in-process harness: the same handlers as the deployable worker (Program.cs), composed on a plain
/// <see cref="WebApplication"/> so tests and benchmarks can host several Functions instances in one process
/// without a Functions host. It is not an entry point and never deploys; the worker is the product.
/// </summary>
public static class InProcessFunctionsApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddFunctions();
        var app = builder.Build();
        app.MapFunctions();
        return app;
    }
}
