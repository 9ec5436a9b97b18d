namespace AgentPlatform.Relay;

/// <summary>Builds the Relay: the WebSocket edge (asp-v1 and the other dialects), its admin API and health.</summary>
public static class RelayApplication
{
    /// <summary>Creates the builder, lets <paramref name="configure"/> override configuration or services, wires everything.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddRelay();
        var app = builder.Build();
        app.UseRelay();
        return app;
    }
}
