using System.Globalization;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Acp.Bench.Targets;

/// <summary>
/// The SDK's own AcpServer (tests/Interop/node/acp/sdk-server.mjs: experimental/server on node:http through experimental/node), whose
/// agent connector starts the same stdio agent as a child process for each connection (the SDK does not multiplex).
/// Stopped by its pid; it kills its agent children on SIGTERM and when its stdin closes.
/// </summary>
public sealed class SdkServerTarget : IAcpTarget
{
    private readonly ChildProcess _process;

    private SdkServerTarget(ChildProcess process, int port, string token)
    {
        _process = process;
        Url = "ws://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/acp";
        Token = token;
    }

    public string Label => "SDK AcpServer";

    public string Url { get; }

    public string Token { get; }

    public int ProcessId => _process.Id;

    public static async Task<SdkServerTarget> StartAsync(string agentScript, string token)
    {
        var port = FreePort.Next();
        var child = NodeScript.Start(Path.Combine("tests", "Interop", "node", "acp", "sdk-server.mjs"),
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--token", token, "--agent", agentScript]);
        var target = new SdkServerTarget(child, port, token);
        try
        {
            await child.WaitForLineAsync(l => l.StartsWith("LISTENING ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
