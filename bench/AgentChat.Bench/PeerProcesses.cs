using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Bench;

/// <summary>Starts the run's server processes: the built Relay and the node floor, each ready before it is returned.</summary>
public static class PeerProcesses
{
    /// <summary>
    /// The Relay built beside this bench (artifacts layout <c>bin/&lt;Project&gt;/&lt;pivot&gt;/</c>, same configuration)
    /// as its own process, as shipped except that the per-connection MSG rate limit is off (the bench sends
    /// thousands per second from one connection) and the identity policy is <c>seed</c> (members are ephemeral anyway).
    /// </summary>
    public static async Task<(ChildProcess Process, Uri Url)> StartRelayAsync()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(here.Parent!.Parent!.FullName, "Relay", here.Name, "AgentPlatform.Relay.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("the Relay is not built beside AgentChat.Bench", dll);
        var port = FreePort.Next();
        var child = ChildProcess.Start(DotnetHost(), [dll, "--urls", "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture)], RepoPaths.Root,
            new Dictionary<string, string?>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["AgentChat__RateLimit__Enabled"] = "false",
                ["AgentChat__Identity__Policy"] = "Seed",
                ["Logging__LogLevel__Default"] = "Warning",
            });
        var url = new Uri($"ws://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/agentchat");
        try
        {
            await WaitForPongAsync(url, child);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return (child, url);
    }

    /// <summary>bench/AgentChat.Bench/node/floor.mjs, ready once it printed <c>READY {"port":N}</c>.</summary>
    public static Task<(ChildProcess Process, Uri Url)> StartFloorAsync() =>
        ReadyAsync(NodeScript.Start(Path.Combine("bench", "AgentChat.Bench", "node", "floor.mjs"), []), "/");

    /// <summary>This bench again in <c>engine</c> mode: the standalone engine in a process of its own.</summary>
    public static Task<(ChildProcess Process, Uri Url)> StartEngineAsync() =>
        ReadyAsync(ChildProcess.Start(DotnetHost(), [Path.Combine(AppContext.BaseDirectory, "AgentPlatform.AgentChat.Bench.dll"), "engine"], RepoPaths.Root), "/");

    private static async Task<(ChildProcess Process, Uri Url)> ReadyAsync(ChildProcess child, string path)
    {
        try
        {
            var line = await child.WaitForLineAsync(l => l.StartsWith("READY ", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            using var json = JsonDocument.Parse(line["READY ".Length..]);
            return (child, new Uri($"ws://127.0.0.1:{json.RootElement.GetProperty("port").GetInt32().ToString(CultureInfo.InvariantCulture)}{path}"));
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitForPongAsync(Uri url, ChildProcess child)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (child.HasExited) throw new InvalidOperationException("the Relay exited:\n" + child.Tail(40));
            try
            {
                using var socket = new ClientWebSocket();
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await socket.ConnectAsync(url, cts.Token);
                await socket.SendAsync("{\"type\":\"PING\"}"u8.ToArray(), WebSocketMessageType.Text, true, cts.Token);
                var buffer = new byte[4096];
                var r = await socket.ReceiveAsync(buffer, cts.Token);
                if (Encoding.UTF8.GetString(buffer, 0, r.Count).Contains("\"PONG\"", StringComparison.Ordinal)) return;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the Relay's /agentchat did not answer PING within 60 s:\n" + child.Tail(40));
            await Task.Delay(250);
        }
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }
}
