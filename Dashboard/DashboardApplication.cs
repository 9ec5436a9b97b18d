using AgentPlatform.Dashboard.Hosting;

namespace AgentPlatform.Dashboard;

/// <summary>Builds the Dashboard web app; tests host it in-process through this class.</summary>
public static class DashboardApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddDashboard();
        var app = builder.Build();
        app.MapDashboard();
        return app;
    }
}
