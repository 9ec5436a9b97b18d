using System.Globalization;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Interop.WebPubSub;

/// <summary>The Relay on a real Kestrel port with a Web PubSub connection string, for the official npm clients.</summary>
public sealed class WpsRelayHost : IAsyncDisposable
{
    public const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    private readonly WebApplication _app;

    private WpsRelayHost(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);

    public static async Task<WpsRelayHost> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var port = FreePort.Next();
        var endpoint = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:webpubsub"] = $"Endpoint={endpoint};AccessKey={Key};Version=1.0;",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>()) all[k] = v;
        var app = RelayApplication.Build([], b =>
        {
            b.WebHost.UseUrls(endpoint);
            b.Configuration.AddInMemoryCollection(all);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync();
        return new WpsRelayHost(app, port);
    }

    /// <summary>Runs a script of tests/Interop/node/webpubsub with --endpoint and --key, returning its output.</summary>
    public async Task<string> RunScriptAsync(string script, TimeSpan timeout, params string[] args)
    {
        var (code, output) = await NodeScript.RunAsync("tests/Interop/node/webpubsub/" + script,
            ["--endpoint", Endpoint, "--key", Key, .. args], timeout);
        Assert.True(code == 0 && output.Contains("ALL PASSED", StringComparison.Ordinal), $"{script} exited {code}:\n{output}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
