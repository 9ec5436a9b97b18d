using System.Globalization;
using AgentPlatform.Relay;
using AgentPlatform.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace AgentPlatform.Interop.Acp;

/// <summary>
/// The Relay in process on a free loopback port with one stdio ACP agent, <c>sdk</c> (the SDK-written
/// tests/Interop/node/acp/stdio-agent.mjs), as the default agent of <c>/acp</c>; the node scripts of
/// tests/Interop/node/acp drive it with the official SDK clients.
/// </summary>
public sealed class AcpRelayHost : IAsyncLifetime
{
    /// <summary>The agent socket token (the same key asp-v1 uses) the scripts present.</summary>
    public const string Token = "acp-interop-token";

    private WebApplication? _app;

    /// <summary>Settings that replace or add to the defaults below (e.g. a short replay window).</summary>
    public IReadOnlyDictionary<string, string?> Overrides { get; init; } = new Dictionary<string, string?>();

    public int Port { get; private set; }

    /// <summary>The WebSocket URL of the default agent; the scripts derive the HTTP URL from it.</summary>
    public string AcpUrl => "ws://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/acp";

    /// <summary>The command line of the stdio agent, quoted so a repository path with spaces stays one word.</summary>
    public static string AgentCommand => $"node \"{RepoPaths.Combine("tests", "Interop", "node", "acp", "stdio-agent.mjs")}\"";

    public async ValueTask InitializeAsync()
    {
        Port = FreePort.Next();
        var endpoint = "http://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture);
        var settings = new Dictionary<string, string?>
        {
            ["AgentPlatform:Keys:AgentSocket"] = Token,
            ["Acp:DefaultAgent"] = "sdk",
            ["Acp:Agents:sdk:Command"] = AgentCommand,
            ["Acp:Agents:sdk:WorkingDirectory"] = RepoPaths.Root,
            // Short enough that the replay script's drop-and-resume stays well inside it, long enough for a slow box.
            ["Acp:Replay:Window"] = "00:00:30",
        };
        foreach (var (key, value) in Overrides) settings[key] = value;
        _app = RelayApplication.Build(["--environment=Development"], b =>
        {
            b.WebHost.UseUrls(endpoint);
            b.Configuration.AddInMemoryCollection(settings);
            b.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _app.StartAsync();
    }

    /// <summary>Runs a script of tests/Interop/node/acp with --url and --token; asserts exit 0 and "ALL PASSED".</summary>
    public async Task<string> RunScriptAsync(string script, TimeSpan timeout, params string[] args)
    {
        var (code, output) = await NodeScript.RunAsync("tests/Interop/node/acp/" + script,
            ["--url", AcpUrl, "--token", Token, .. args], timeout);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(code == 0 && output.Contains("ALL PASSED", StringComparison.Ordinal), $"{script} exited {code}:\n{output}");
        Assert.DoesNotContain("FAIL ", output, StringComparison.Ordinal);
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
