using System.Globalization;
using System.Text.Json;
using AgentPlatform.Client.Registry;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Interop.Aid;

/// <summary>Every AID record the Registry publishes (TXT values, zone fragment, .well-known) is accepted by @agentcommunity/aid.</summary>
public sealed class RegistryAidInteropTests
{
    [Fact]
    public async Task The_reference_parser_accepts_every_published_record()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        await using var app = RegistryApplication.Build([], b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:" + port);
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AgentPlatform:Keys:Registry"] = "k",
                ["Registry:Aid:PublicRelayUrl"] = "wss://relay.example.com",
                ["Registry:Aid:Zone"] = "agents.example.com",
                ["Registry:Aid:WellKnownAgent"] = "feed",
                ["Registry:Aid:Auth"] = "pat",
            });
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await app.StartAsync(ct);
        using var http = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:" + port) };
        var client = new RegistryClient(http, "k");
        static AgentRegistration R(string endpoint, string protocol, string mode, string? description = null, bool isPublic = true) => new()
        {
            Endpoint = endpoint,
            Protocol = protocol,
            Mode = mode,
            Public = isPublic,
            Metadata = description is null ? null : new Dictionary<string, string> { ["description"] = description },
        };
        await client.RegisterAsync("feed", "1", R("wss://events.example.com/stream", "asp-v1", "direct", "Real-time Agent Feed"), ct);
        await client.RegisterAsync("relayed", "1", R("http://127.0.0.1:5102", "asp-v1", "relay", "ünïcødé description; with a semicolon and far more than sixty bytes of text"), ct);
        await client.RegisterAsync("acp-agent", "1", R("ws://127.0.0.1:7000/acp", "acp", "direct"), ct);
        await client.RegisterAsync("chat.bot", "1", R("ws://127.0.0.1:6667/chat", "agentchat", "direct"), ct);
        await client.RegisterAsync("long-path", "1", R("wss://x.example.com/" + new string('p', 300), "asp-v1", "direct"), ct);
        await client.RegisterAsync("private", "1", R("wss://p.example.com", "asp-v1", "direct", isPublic: false), ct);
        await client.RegisterAsync("plain-http", "1", R("http://127.0.0.1:9", "http", "direct"), ct);

        var (code, output) = await NodeScript.RunAsync("tests/Interop/node/aid/validate-registry-records.mjs", [http.BaseAddress!.ToString().TrimEnd('/')], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, output);
        var summary = JsonDocument.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.StartsWith("{\"checked\"", StringComparison.Ordinal))).RootElement;
        // 5 publishable agents as TXT values, the same 5 in the zone, plus the .well-known record.
        Assert.Equal(11, summary.GetProperty("checked").GetInt32());
        Assert.Equal(0, summary.GetProperty("failures").GetInt32());
        Assert.Contains("\"uri\":\"wss://relay.example.com/v1/agent-socket?agent=relayed\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("private", output, StringComparison.Ordinal);
        await app.StopAsync(ct);
    }
}
