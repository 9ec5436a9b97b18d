using System.Globalization;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.Acp;

/// <summary>
/// The SDK's own AcpServer (tests/Interop/node/acp/sdk-server.mjs) serving the same stdio agent, on a free port: the
/// reference that the raw-wire scripts must pass against too, so what they expect of the Relay is the SDK's behaviour.
/// Stopped by its pid (it kills its agent children on SIGTERM).
/// </summary>
public sealed class SdkServerHost : IAsyncLifetime
{
    public const string Token = "acp-sdk-reference-token";

    private ChildProcess? _server;

    public int Port { get; private set; }

    public string AcpUrl => "ws://127.0.0.1:" + Port.ToString(CultureInfo.InvariantCulture) + "/acp";

    public async ValueTask InitializeAsync()
    {
        Port = FreePort.Next();
        _server = NodeScript.Start("tests/Interop/node/acp/sdk-server.mjs",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--token", Token,
                "--agent", RepoPaths.Combine("tests", "Interop", "node", "acp", "stdio-agent.mjs")]);
        await _server.WaitForLineAsync(l => l.StartsWith("LISTENING ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
    }

    public async Task<string> RunScriptAsync(string script, TimeSpan timeout, params string[] args)
    {
        var (code, output) = await NodeScript.RunAsync("tests/Interop/node/acp/" + script,
            ["--url", AcpUrl, "--token", Token, .. args], timeout);
        TestContext.Current.TestOutputHelper?.WriteLine(output);
        Assert.True(code == 0 && output.Contains("ALL PASSED", StringComparison.Ordinal), $"{script} against the SDK server exited {code}:\n{output}");
        return output;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }
}
