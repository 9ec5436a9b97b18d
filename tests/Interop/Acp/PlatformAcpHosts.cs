using AgentPlatform.Functions;
using AgentPlatform.Registry;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.Acp;

/// <summary>
/// Registry, Functions (echo, conversation, tools) and the Relay in process on real ports: the platform's own agents
/// reached over ACP at <c>/acp/{agent}</c> by the official SDK client.
/// </summary>
public sealed class PlatformAcpHosts : IAsyncLifetime
{
    public const string Token = "acp-platform-interop-token";
    private const string RegistryKey = "acp-interop-registry-key";
    private readonly LoopbackApps _apps = new("acp-platform-interop");

    public Uri RelayUrl { get; private set; } = null!;

    public string AcpUrl => new UriBuilder(RelayUrl) { Scheme = "ws", Path = "/acp" }.Uri.ToString();

    public async ValueTask InitializeAsync()
    {
        var registry = LoopbackApps.NewUrl();
        var functions = LoopbackApps.NewUrl();
        RelayUrl = LoopbackApps.NewUrl();
        await _apps.StartAsync(RegistryApplication.Build, registry, new() { ["AgentPlatform:Keys:Registry"] = RegistryKey });
        await _apps.StartAsync(InProcessFunctionsApp.Build, functions, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:Registry"] = RegistryKey,
            ["AgentPlatform:DataDir"] = _apps.DataDir, ["Functions:Registration:PublicUrl"] = functions.ToString().TrimEnd('/'),
        });
        await _apps.StartAsync((_, c) => Relay.RelayApplication.Build(["--environment=Development"], c), RelayUrl, new()
        {
            ["services:registry:http:0"] = registry.ToString(), ["AgentPlatform:Keys:AgentSocket"] = Token,
        });
        using var http = new HttpClient();
        await Eventually.TrueAsync(async () =>
        {
            foreach (var agent in new[] { "echo", "conversation", "tools" })
            {
                if (!(await http.GetAsync(new Uri(registry, "/v1/agents/" + agent))).IsSuccessStatusCode) return false;
            }
            return (await http.GetAsync(new Uri(RelayUrl, "/health"))).IsSuccessStatusCode;
        }, TimeSpan.FromSeconds(20), "echo, conversation and tools registered");
        // The Relay's view follows the Registry's watch stream: poll until /acp/{agent} stops answering 404 "Unknown
        // agent" (a known agent answers this GET without a connection id 400).
        await Eventually.TrueAsync(async () =>
        {
            foreach (var agent in new[] { "echo", "conversation", "tools" })
            {
                using var probe = new HttpRequestMessage(HttpMethod.Get, new Uri(RelayUrl, "/acp/" + agent));
                probe.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
                probe.Headers.Accept.ParseAdd("text/event-stream");
                using var answer = await http.SendAsync(probe);
                if (answer.StatusCode == System.Net.HttpStatusCode.NotFound) return false;
            }
            return true;
        }, TimeSpan.FromSeconds(20), "the Relay knows echo, conversation and tools over ACP");
    }

    public async Task<string> RunScriptAsync(string script, TimeSpan timeout, params string[] args)
    {
        var (code, output) = await NodeScript.RunAsync("tests/Interop/node/acp/" + script,
            ["--url", AcpUrl, "--token", Token, .. args], timeout);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(code == 0 && output.Contains("ALL PASSED", StringComparison.Ordinal), $"{script} exited {code}:\n{output}");
        return output;
    }

    public ValueTask DisposeAsync() => _apps.DisposeAsync();
}
