using System.Globalization;
using AgentPlatform.Agents;
using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Relay.Tests.Infrastructure;

/// <summary>
/// The real Registry and the real Functions app, in process on real Kestrel ports, shared by the tests of a
/// collection; each test starts its own Relay (its limits differ) with <see cref="StartRelayAsync"/>.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string SocketKey = "socket-key-for-tests";
    public const string AdminKey = "admin-key-for-tests";
    public const string RegistryKey = "registry-key-for-tests";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "relay-tests-" + Guid.NewGuid().ToString("N")[..8]);
    private WebApplication? _registry;
    private WebApplication? _functions;

    public TickerAgent Ticker { get; } = new();

    public Uri RegistryUrl { get; private set; } = null!;

    public Uri FunctionsUrl { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDir);
        var registryPort = FreePort.Next();
        RegistryUrl = new Uri($"http://127.0.0.1:{registryPort.ToString(CultureInfo.InvariantCulture)}");
        _registry = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls(RegistryUrl.ToString());
            Quiet(b);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        });
        await _registry.StartAsync();
        await StartFunctionsAsync();
    }

    /// <summary>(Re)starts the Functions app on its port (same URL each time, so the registry entry stays valid).</summary>
    public async Task StartFunctionsAsync()
    {
        if (FunctionsUrl is null) FunctionsUrl = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        _functions = InProcessFunctionsApp.Build([], b =>
        {
            b.WebHost.UseUrls(FunctionsUrl.ToString());
            Quiet(b);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["services:registry:http:0"] = RegistryUrl.ToString(),
                ["AgentPlatform:Keys:Registry"] = RegistryKey,
                ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
                ["AgentPlatform:DataDir"] = _dataDir,
                ["Functions:Registration:PublicUrl"] = FunctionsUrl.ToString().TrimEnd('/'),
                ["Functions:Registration:InstanceId"] = "functions-test",
            });
            b.Services.AddSingleton<IAgent>(Ticker);
        });
        await _functions.StartAsync();
    }

    public async Task StopFunctionsAsync()
    {
        if (_functions is null) return;
        await _functions.StopAsync();
        await _functions.DisposeAsync();
        _functions = null;
    }

    public async Task<RelayHost> StartRelayAsync(Dictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null,
        string environment = "Development")
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");
        var config = new Dictionary<string, string?>
        {
            ["services:registry:http:0"] = RegistryUrl.ToString(),
            ["AgentPlatform:Keys:AgentSocket"] = SocketKey,
            ["AgentPlatform:Keys:Admin"] = AdminKey,
        };
        foreach (var (k, v) in settings ?? []) config[k] = v;
        var app = RelayApplication.Build(["--environment=" + environment], b =>
        {
            b.WebHost.UseUrls(url.ToString());
            Quiet(b);
            b.Configuration.AddInMemoryCollection(config);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        return new RelayHost(app, url);
    }

    public async ValueTask DisposeAsync()
    {
        await StopFunctionsAsync();
        if (_registry is not null)
        {
            await _registry.StopAsync();
            await _registry.DisposeAsync();
        }
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void Quiet(WebApplicationBuilder b)
    {
        b.Logging.ClearProviders();
        b.Logging.SetMinimumLevel(LogLevel.Warning);
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformGroup : ICollectionFixture<PlatformFixture>
{
    public const string Name = "platform";
}
