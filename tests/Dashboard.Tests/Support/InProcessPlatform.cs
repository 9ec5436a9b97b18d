using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Dashboard.Tests.Support;

/// <summary>
/// The real services in this process on real loopback ports: Registry (short heartbeat timeouts so
/// staleness is observable in seconds) and the Dashboard watching it.
/// </summary>
public sealed class InProcessPlatform : IAsyncDisposable
{
    public const string RegistryKey = "test-registry-key";
    public const string AdminKey = "test-admin-key";
    public const string AgentSocketKey = "test-agent-socket-key";

    private readonly List<WebApplication> _apps = [];

    public Uri RegistryUrl { get; private set; } = null!;

    public Uri DashboardUrl { get; private set; } = null!;

    public Uri RelayUrl { get; private set; } = null!;

    public Uri FunctionsUrl { get; private set; } = null!;

    /// <summary>A data folder of its own (the Functions context store), deleted on dispose.</summary>
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), "ap-dash-" + Guid.NewGuid().ToString("N")[..8]);

    public HttpClient Registry { get; } = new();

    public HttpClient DashboardHttp { get; } = new();

    public static async Task<InProcessPlatform> StartAsync(IDictionary<string, string?>? dashboardSettings = null,
        IDictionary<string, string?>? registrySettings = null)
    {
        var platform = new InProcessPlatform();
        try
        {
            var registry = new Dictionary<string, string?>
            {
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:Keys:Admin"] = AdminKey,
                ["Registry:HeartbeatTimeout"] = "00:00:02",
                ["Registry:RemovalDelay"] = "00:00:02",
                ["Registry:PruneInterval"] = "00:00:00.250",
            };
            foreach (var (k, v) in registrySettings ?? new Dictionary<string, string?>()) registry[k] = v;
            platform.RegistryUrl = await platform.StartAsync(args => RegistryApplication.Build(args, b => Configure(b, registry))).ConfigureAwait(false);
            var functionsPort = FreePort.Next();
            platform.FunctionsUrl = await platform.StartAsync(args => FunctionsApplication.Build(args, b => Configure(b, new()
            {
                ["services:registry:http:0"] = platform.RegistryUrl.AbsoluteUri,
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:DataDir"] = platform.DataDir,
                ["Functions:Registration:HeartbeatInterval"] = "00:00:00.500",
            })), functionsPort).ConfigureAwait(false);
            platform.RelayUrl = await platform.StartAsync(args => RelayApplication.Build(args, b => Configure(b, new()
            {
                ["services:registry:http:0"] = platform.RegistryUrl.AbsoluteUri,
                ["services:functions:http:0"] = platform.FunctionsUrl.AbsoluteUri,
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:Keys:Admin"] = AdminKey,
                ["AgentPlatform:Keys:AgentSocket"] = AgentSocketKey,
                ["AgentPlatform:DataDir"] = platform.DataDir,
            }))).ConfigureAwait(false);
            var settings = new Dictionary<string, string?>
            {
                ["services:registry:http:0"] = platform.RegistryUrl.AbsoluteUri,
                ["services:relay:http:0"] = platform.RelayUrl.AbsoluteUri,
                ["services:functions:http:0"] = platform.FunctionsUrl.AbsoluteUri,
                ["AgentPlatform:Keys:Admin"] = AdminKey,
                ["Dashboard:SeriesInterval"] = "00:00:01",
                ["Dashboard:HeartbeatRefresh"] = "00:00:01",
                ["Dashboard:HealthInterval"] = "00:00:01",
            };
            foreach (var (k, v) in dashboardSettings ?? new Dictionary<string, string?>()) settings[k] = v;
            platform.DashboardUrl = await platform.StartAsync(args => DashboardApplication.Build(args, b => Configure(b, settings))).ConfigureAwait(false);
            platform.Registry.BaseAddress = platform.RegistryUrl;
            platform.Registry.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", RegistryKey);
            platform.DashboardHttp.BaseAddress = platform.DashboardUrl;
            return platform;
        }
        catch
        {
            await platform.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Registers (or re-registers, which is also a heartbeat) an instance through the Registry's HTTP API.</summary>
    public async Task RegisterAsync(string name, string instanceId, string endpoint = "wss://agents.example/ws", bool isPublic = true,
        CancellationToken cancellationToken = default)
    {
        using var response = await Registry.PutAsJsonAsync($"v1/agents/{name}/instances/{instanceId}", new
        {
            endpoint,
            protocol = "asp-v1",
            mode = "direct",
            capabilities = new[] { "stream" },
            tools = new[] { new { name = "search", description = "finds things" } },
            @public = isPublic,
        }, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async Task DeregisterAsync(string name, string instanceId)
    {
        using var response = await Registry.DeleteAsync(new Uri($"v1/agents/{name}/instances/{instanceId}", UriKind.Relative)).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _apps.Count - 1; i >= 0; i--)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _apps[i].StopAsync(stop.Token).ConfigureAwait(false);
            await _apps[i].DisposeAsync().ConfigureAwait(false);
        }
        Registry.Dispose();
        DashboardHttp.Dispose();
        try
        {
            if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left to the temp cleaner; the test result does not depend on it.
        }
    }

    private static void Configure(WebApplicationBuilder builder, Dictionary<string, string?> settings)
    {
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
    }

    private async Task<Uri> StartAsync(Func<string[], WebApplication> build, int? port = null)
    {
        var url = new Uri($"http://127.0.0.1:{(port ?? FreePort.Next()).ToString(CultureInfo.InvariantCulture)}/");
        var app = build([]);
        app.Urls.Add(url.AbsoluteUri.TrimEnd('/'));
        _apps.Add(app);
        await app.StartAsync().ConfigureAwait(false);
        return url;
    }
}
