using System.Globalization;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.Functions.FunctionalTests.Hosting;

/// <summary>An in-process Functions app (InProcessFunctionsApp) on a real Kestrel port of 127.0.0.1, with the given configuration.</summary>
public sealed class FunctionsHost : IAsyncDisposable
{
    private FunctionsHost(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public static async Task<FunctionsHost> StartAsync(IDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        var port = FreePort.Next();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var app = InProcessFunctionsApp.Build([], builder =>
        {
            builder.WebHost.UseUrls(url);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        });
        await app.StartAsync();
        return new FunctionsHost(app, new Uri(url + "/"));
    }

    /// <summary>Settings for a host with its own SQLite file under the temp folder and no Registry.</summary>
    public static Dictionary<string, string?> SqliteSettings(string dataDir) => new()
    {
        ["AgentPlatform:DataDir"] = dataDir,
        ["Functions:Registration:Enabled"] = "false",
    };

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
