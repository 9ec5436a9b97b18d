namespace AgentPlatform.Registry;

/// <summary>Builds the Registry web app; tests host it in-process through this class.</summary>
public static class RegistryApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddRegistry();
        return builder.Build().MapRegistry();
    }
}
