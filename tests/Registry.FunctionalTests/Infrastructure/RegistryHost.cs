using System.Globalization;
using System.Net.Http.Headers;
using AgentPlatform.Client.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Registry.FunctionalTests.Infrastructure;

/// <summary>A Registry on a real Kestrel port in this process, configured per test.</summary>
public sealed class RegistryHost : IAsyncDisposable
{
    public const string Key = "test-registry-key";

    private readonly WebApplication _app;

    private RegistryHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Writer = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Client = new RegistryClient(new HttpClient { BaseAddress = baseAddress }, Key) { WatchReconnectDelay = TimeSpan.FromMilliseconds(100) };
    }

    public Uri BaseAddress { get; }

    /// <summary>No key: reads, and writes that must be refused.</summary>
    public HttpClient Http { get; }

    /// <summary>Sends the registry key.</summary>
    public HttpClient Writer { get; }

    public RegistryClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RegistryHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null, int? port = null)
    {
        var chosen = port ?? FreePort.Next();
        var config = new Dictionary<string, string?>
        {
            ["AgentPlatform:Keys:Registry"] = Key,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) config[k] = v;
        var app = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls($"http://127.0.0.1:{chosen.ToString(CultureInfo.InvariantCulture)}");
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
            if (time is not null) b.Services.AddSingleton(time);
        });
        await app.StartAsync().ConfigureAwait(false);
        return new RegistryHost(app, new Uri($"http://127.0.0.1:{chosen.ToString(CultureInfo.InvariantCulture)}"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Writer.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
