using System.Globalization;
using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Interop.AspV1;

/// <summary>Registry, Functions and Relay in process on real ports, for the node asp-v1 peers to talk to.</summary>
public sealed class AspV1Hosts : IAsyncLifetime
{
    public const string SocketKey = "interop-socket-key";
    private const string RegistryKey = "interop-registry-key";
    private readonly List<WebApplication> _apps = [];
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "aspv1-interop-" + Guid.NewGuid().ToString("N")[..8]);

    public Uri RelayUrl { get; private set; } = null!;

    public Uri SocketUrl => new UriBuilder(RelayUrl) { Scheme = "ws", Path = "/v1/agent-socket" }.Uri;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        var registry = Url();
        var functions = Url();
        RelayUrl = Url();
        await StartAsync(RegistryApplication.Build([], b => Configure(b, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey })));
        await StartAsync(FunctionsApplication.Build([], b => Configure(b, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _dataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        })));
        await StartAsync(Relay.RelayApplication.Build([], b => Configure(b, RelayUrl, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
        })));
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () => (await http.GetAsync(new Uri(RelayUrl, "/health"))).IsSuccessStatusCode
            && (await http.GetAsync(new Uri(registry, "/v1/agents/echo"))).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "echo registered");
        // The Relay's view follows the watch stream; give it the event that just landed.
        await Task.Delay(300);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDir, true);
        }
        catch (IOException)
        {
        }
    }

    private static Uri Url() => new($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");

    private static void Configure(WebApplicationBuilder b, Uri url, Dictionary<string, string?> settings)
    {
        b.WebHost.UseUrls(url.ToString());
        b.Logging.ClearProviders();
        b.Configuration.AddInMemoryCollection(settings);
    }

    private async Task StartAsync(WebApplication app)
    {
        _apps.Add(app);
        await app.StartAsync();
    }
}
