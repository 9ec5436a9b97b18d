using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.ServiceDefaults.Tests;

/// <summary>A service built the way every platform service is: AddServiceDefaults, then MapDefaultEndpoints.</summary>
internal static class ServiceHost
{
    public static WebApplication Build(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var b = WebApplication.CreateBuilder();
        b.Logging.ClearProviders();
        b.WebHost.UseUrls("http://127.0.0.1:0");
        b.Configuration.AddInMemoryCollection(settings);
        b.AddServiceDefaults();
        configure?.Invoke(b);
        var app = b.Build();
        app.MapDefaultEndpoints();
        return app;
    }

    /// <summary>A plain Kestrel app (no service defaults) standing for another service.</summary>
    public static WebApplication BuildPlain()
    {
        var b = WebApplication.CreateSlimBuilder();
        b.Logging.ClearProviders();
        b.WebHost.UseUrls("http://127.0.0.1:0");
        return b.Build();
    }
}
