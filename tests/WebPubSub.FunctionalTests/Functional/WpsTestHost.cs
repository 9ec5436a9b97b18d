using System.Globalization;
using AgentPlatform.Functions;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.WebPubSub.FunctionalTests.Functional;

/// <summary>
/// A Relay (its Web PubSub face on a real Kestrel port) and, optionally, Functions as the event handler of the
/// hub <c>agents</c>, both in this process and wired only through configuration, as AppHost wires them.
/// </summary>
public sealed class WpsTestHost : IAsyncDisposable
{
    public const string Key = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ABCDEFGH";

    private readonly List<WebApplication> _apps = [];

    private WpsTestHost(int relayPort) => RelayPort = relayPort;

    public int RelayPort { get; }

    public string Endpoint => "http://127.0.0.1:" + RelayPort.ToString(CultureInfo.InvariantCulture);

    public string ConnectionString => $"Endpoint={Endpoint};AccessKey={Key};Version=1.0;";

    public WebApplication Relay => _apps[0];

    /// <summary>Starts the Relay; <paramref name="withFunctions"/> adds Functions behind hub <c>agents</c>.</summary>
    public static async Task<WpsTestHost> StartAsync(bool withFunctions = false, IDictionary<string, string?>? relaySettings = null)
    {
        var stack = new WpsTestHost(FreePort.Next());
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:webpubsub"] = stack.ConnectionString,
            ["AgentPlatform:DataDir"] = Path.Combine(Path.GetTempPath(), "wps-tests-" + Guid.NewGuid().ToString("N")),
        };
        if (withFunctions)
        {
            var functionsPort = FreePort.Next();
            var functions = InProcessFunctionsApp.Build([], b =>
            {
                b.WebHost.UseUrls("http://127.0.0.1:" + functionsPort.ToString(CultureInfo.InvariantCulture));
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
                {
                    ["Functions:Registration:Enabled"] = "false",
                });
                b.Logging.SetMinimumLevel(LogLevel.Warning);
            });
            await functions.StartAsync();
            stack._apps.Add(functions);
            settings["services:functions:http:0"] = "http://127.0.0.1:" + functionsPort.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (k, v) in relaySettings ?? new Dictionary<string, string?>()) settings[k] = v;
        var relay = RelayApplication.Build([], b =>
        {
            b.WebHost.UseUrls(stack.Endpoint);
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await relay.StartAsync();
        stack._apps.Insert(0, relay);
        return stack;
    }

    /// <summary>A client URL with a token for <paramref name="hub"/>.</summary>
    public Uri ClientUri(string hub, string? userId = null, string[]? roles = null, string[]? groups = null, string? key = null, string? query = null)
    {
        var token = AgentPlatform.Protocol.WebPubSub.Auth.WebPubSubAccessToken.Create(key ?? Key, Endpoint + "/client/hubs/" + hub,
            DateTimeOffset.UtcNow, TimeSpan.FromHours(1), userId, roles, groups);
        return new Uri($"ws://127.0.0.1:{RelayPort}/client/hubs/{hub}?access_token={token}{query}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
