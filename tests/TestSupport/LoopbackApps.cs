using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.TestSupport;

/// <summary>
/// Services hosted in this process on real Kestrel ports of 127.0.0.1 (so real clients, node included, can
/// connect), with a data folder of their own; disposing stops them in reverse start order and deletes it.
/// </summary>
public sealed class LoopbackApps : IAsyncDisposable
{
    private readonly List<WebApplication> _apps = [];

    public LoopbackApps(string name)
    {
        DataDir = Path.Combine(Path.GetTempPath(), name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(DataDir);
    }

    public string DataDir { get; }

    /// <summary>A loopback base URL on a port that is free now.</summary>
    public static Uri NewUrl() => new($"http://127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}");

    /// <summary>
    /// Builds a service through its <c>&lt;Service&gt;Application.Build</c>, bound to <paramref name="url"/>, with
    /// <paramref name="settings"/> over its configuration and no log output, then starts it.
    /// </summary>
    public Task StartAsync(Func<string[], Action<WebApplicationBuilder>?, WebApplication> build, Uri url,
        Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(build);
        return StartAsync(build([], b =>
        {
            Configure(b, url, settings);
            configure?.Invoke(b);
        }));
    }

    /// <summary>Binds a builder to <paramref name="url"/>, adds <paramref name="settings"/>, and silences its logs.</summary>
    public static void Configure(WebApplicationBuilder builder, Uri url, Dictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WebHost.UseUrls(url.ToString());
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
    }

    /// <summary>Starts an app built elsewhere and stops it with the others.</summary>
    public async Task StartAsync(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _apps.Add(app);
        await app.StartAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in Enumerable.Reverse(_apps))
        {
            await app.StopAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
        _apps.Clear();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
