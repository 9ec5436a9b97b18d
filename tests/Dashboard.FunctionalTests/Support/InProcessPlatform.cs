using System.Net.Http.Headers;
using System.Net.Http.Json;
using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;

namespace AgentPlatform.Dashboard.FunctionalTests.Support;

/// <summary>
/// The real services in this process on real loopback ports: Registry (short heartbeat timeouts so
/// staleness is observable in seconds) and the Dashboard watching it.
/// </summary>
public sealed class InProcessPlatform : IAsyncDisposable
{
    public const string RegistryKey = "test-registry-key";
    public const string AdminKey = "test-admin-key";
    public const string AgentSocketKey = "test-agent-socket-key";

    private readonly LoopbackApps _apps = new("ap-dash");

    public Uri RegistryUrl { get; private set; } = null!;

    public Uri DashboardUrl { get; private set; } = null!;

    public Uri RelayUrl { get; private set; } = null!;

    public Uri FunctionsUrl { get; private set; } = null!;

    /// <summary>A data folder of its own (the Functions context store), deleted on dispose.</summary>
    public string DataDir => _apps.DataDir;

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
            platform.RegistryUrl = await platform.StartAsync(RegistryApplication.Build, registry).ConfigureAwait(false);
            platform.FunctionsUrl = await platform.StartAsync(InProcessFunctionsApp.Build, new()
            {
                ["services:registry:http:0"] = platform.RegistryUrl.AbsoluteUri,
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:DataDir"] = platform.DataDir,
                ["Functions:Registration:HeartbeatInterval"] = "00:00:00.500",
            }).ConfigureAwait(false);
            platform.RelayUrl = await platform.StartAsync((_, c) => RelayApplication.Build(["--environment=Development"], c), new()
            {
                ["services:registry:http:0"] = platform.RegistryUrl.AbsoluteUri,
                ["services:functions:http:0"] = platform.FunctionsUrl.AbsoluteUri,
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:Keys:Admin"] = AdminKey,
                ["AgentPlatform:Keys:AgentSocket"] = AgentSocketKey,
                ["AgentPlatform:DataDir"] = platform.DataDir,
            }).ConfigureAwait(false);
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
            platform.DashboardUrl = await platform.StartAsync(DashboardApplication.Build, settings).ConfigureAwait(false);
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
        await _apps.DisposeAsync().ConfigureAwait(false);
        Registry.Dispose();
        DashboardHttp.Dispose();
    }

    private async Task<Uri> StartAsync(Func<string[], Action<WebApplicationBuilder>?, WebApplication> build, Dictionary<string, string?> settings)
    {
        var url = LoopbackApps.NewUrl();
        await _apps.StartAsync(build, url, settings).ConfigureAwait(false);
        return url;
    }
}
