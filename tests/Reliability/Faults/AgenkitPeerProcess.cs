using System.Globalization;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Reliability.Load;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// The agenkit peer of the fault scenario as a process of its own (killing it must not touch the suite): this same
/// executable started as <c>agenkit-peer ENDPOINT REGISTRY</c> serves <see cref="AgentName"/> through a LocalAgent
/// (AgentHost/Agenkit), registered with the Relay's agenkit listener, until killed or its stdin closes.
/// </summary>
public sealed class AgenkitPeerProcess : IAsyncDisposable
{
    public const string AgentName = "reliability-peer";
    /// <summary>The suite's first argument that makes the process this peer (Program.cs).</summary>
    public const string Command = "agenkit-peer";
    private const string Ready = "reliability peer ready";

    private AgenkitPeerProcess(ChildProcess process) => Process = process;

    public ChildProcess Process { get; }

    /// <summary>Starts the peer on <paramref name="endpoint"/> (tcp://127.0.0.1:port), registered with <paramref name="registry"/>; waits until registered.</summary>
    public static async Task<AgenkitPeerProcess> StartAsync(string endpoint, string registry)
    {
        // The suite's own assembly, wherever it was loaded from (its runtimeconfig and deps sit beside it, also in the
        // output of tests/Reliability.Tests), run by the dotnet host: the current process may be a test host.
        var dll = typeof(AgenkitPeerProcess).Assembly.Location;
        var host = Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
        var child = ChildProcess.Start(host, [dll, Command, endpoint, registry], Path.GetDirectoryName(dll), new Dictionary<string, string?>(StringComparer.Ordinal));
        try
        {
            await child.WaitForLineAsync(l => l.Contains(Ready, StringComparison.Ordinal), TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        }
        catch
        {
            child.Kill();
            await child.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        return new AgenkitPeerProcess(child);
    }

    /// <summary>SIGKILL, as a crash: no unregister, no goodbye on open connections.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        Process.Kill();
        await Process.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The peer's life: serve until stdin closes.</summary>
    public static async Task<int> ServeAsync(string endpoint, string registry)
    {
        await using var local = await LocalAgent.StartAsync([new LoadEchoAgent(AgentName)], new LocalAgentOptions
        {
            Endpoint = endpoint,
            Registry = registry,
            HeartbeatInterval = TimeSpan.FromSeconds(5),
        }).ConfigureAwait(false);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Ready} on {local.Endpoint}"));
        // Until the suite closes stdin (it normally kills the process first).
        while (await Console.In.ReadLineAsync().ConfigureAwait(false) is not null)
        {
        }
        return 0;
    }
}
