using System.Text.Json;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Platform.Bench.Peers;

/// <summary>
/// A peer of the run in its own process (this bench started again in a peer mode, or a node script), ready once it
/// printed <c>READY {json}</c>; disposing stops it by its pid (SIGTERM, then SIGKILL).
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private const string Ready = "READY ";

    private PeerProcess(string name, ChildProcess process, JsonElement info)
    {
        Name = name;
        Process = process;
        Info = info;
    }

    public string Name { get; }

    public ChildProcess Process { get; }

    /// <summary>What the peer announced (its ports).</summary>
    public JsonElement Info { get; }

    public int Port(string name) => Info.GetProperty(name).GetInt32();

    /// <summary>This bench again, in a peer mode (<c>floor</c>, <c>provider …</c>).</summary>
    public static Task<PeerProcess> StartSelfAsync(string name, IEnumerable<string> args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "AgentPlatform.Platform.Bench.dll");
        return StartAsync(name, ChildProcess.Start(DotnetHost(), [dll, .. args], RepoPaths.Root));
    }

    /// <summary>A script of bench/Platform.Bench/node, run from the repository root so node_modules resolves.</summary>
    public static Task<PeerProcess> StartNodeAsync(string name, string script, IEnumerable<string> args) =>
        StartAsync(name, NodeScript.Start(Path.Combine("bench", "Platform.Bench", "node", script), args));

    private static async Task<PeerProcess> StartAsync(string name, ChildProcess child)
    {
        try
        {
            var line = await child.WaitForLineAsync(l => l.StartsWith(Ready, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            using var json = JsonDocument.Parse(line[Ready.Length..]);
            return new PeerProcess(name, child, json.RootElement.Clone());
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    public static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
    }

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
