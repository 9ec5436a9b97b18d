using System.Globalization;
using System.Reflection;
using AgentPlatform.FunctionsHost.Worker;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.FunctionsHost.Tests.Support;

/// <summary>A LocalFunctionsHost on a free loopback port running the given worker; disposing stops host and worker.</summary>
public sealed class HostedFunctions : IAsyncDisposable
{
    private HostedFunctions(WebApplication app, Uri baseAddress)
    {
        App = app;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The test worker (tests/FunctionsHost.TestWorker) as built beside these tests.</summary>
    public static string TestWorkerPath { get; } = typeof(HostedFunctions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "TestWorkerPath").Value!;

    /// <summary>The Functions worker (the product), FunctionsHost's default.</summary>
    public static string FunctionsWorkerPath { get; } = FunctionsHostOptions.DefaultWorkerPath!;

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    public WorkerSupervisor Supervisor => App.Supervisor();

    /// <summary>Starts a host; unless <paramref name="waitReady"/> is false, returns once the worker is ready.</summary>
    public static async Task<HostedFunctions> StartAsync(string workerPath, IDictionary<string, string?>? settings = null, bool waitReady = true, Uri? url = null)
    {
        url ??= new Uri("http://127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture));
        var app = LocalFunctionsHost.Build([], builder =>
        {
            builder.WebHost.UseUrls(url.ToString());
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["FunctionsHost:WorkerPath"] = workerPath,
                ["FunctionsHost:MinRestartDelay"] = "00:00:00.100",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        });
        await app.StartAsync();
        var hosted = new HostedFunctions(app, url);
        if (waitReady) await hosted.Supervisor.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return hosted;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
