namespace AgentPlatform.Functions;

/// <summary>Builds the Functions web app; Program.cs and tests (several instances in one process) both use it.</summary>
public static class FunctionsApplication
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
