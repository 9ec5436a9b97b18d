using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AgentPlatform.AgentHost.Agenkit;
using AgentPlatform.Reliability.Load;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Faults;

/// <summary>
/// The agenkit peer of the fault scenario as a process of its own: this same executable started with
/// <see cref="EndpointVariable"/> set serves <see cref="AgentName"/> through a LocalAgent (AgentHost/Agenkit),
/// registered with the Relay's agenkit listener, until killed or its stdin closes. A module initializer takes the
/// process over before the suite's Main runs, because a real peer process is the point (killing it must not touch the
/// suite) and the suite's entry point is not this folder's to change.
/// </summary>
public sealed class AgenkitPeerProcess : IAsyncDisposable
{
    public const string AgentName = "reliability-peer";
    public const string EndpointVariable = "AGENTPLATFORM_RELIABILITY_PEER_ENDPOINT";
    public const string RegistryVariable = "AGENTPLATFORM_RELIABILITY_PEER_REGISTRY";
    private const string Ready = "reliability peer ready";
    private const string InnerSwitch = "AgentPlatform.Reliability.PeerCopy";

    private AgenkitPeerProcess(ChildProcess process) => Process = process;

    public ChildProcess Process { get; }

    /// <summary>Starts the peer on <paramref name="endpoint"/> (tcp://127.0.0.1:port), registered with <paramref name="registry"/>; waits until registered.</summary>
    public static async Task<AgenkitPeerProcess> StartAsync(string endpoint, string registry)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no process path");
        var dll = typeof(AgenkitPeerProcess).Assembly.Location;
        // Under `dotnet Reliability.dll` the host is dotnet; under the apphost the executable is the suite itself.
        IReadOnlyList<string> args = Path.GetFileNameWithoutExtension(self) == "dotnet" ? [dll] : [];
        var child = ChildProcess.Start(self, args, Path.GetDirectoryName(dll), new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [EndpointVariable] = endpoint,
            [RegistryVariable] = registry,
        });
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

    [ModuleInitializer]
    internal static void RunAsPeerWhenAsked()
    {
        var endpoint = Environment.GetEnvironmentVariable(EndpointVariable);
        var registry = Environment.GetEnvironmentVariable(RegistryVariable);
        if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(registry) || AppContext.GetData(InnerSwitch) is true) return;
        // Until this initializer returns, every other thread touching a type of this module waits for it, so the
        // peer's async code cannot run in this module: it runs in a second copy of the assembly, loaded into a load
        // context of its own (whose initializer returns at once, seeing the switch), on this thread, until it ends.
        AppContext.SetData(InnerSwitch, true);
        var self = typeof(AgenkitPeerProcess);
        var copy = new AssemblyLoadContext("reliability-peer").LoadFromAssemblyPath(self.Assembly.Location);
        var serve = copy.GetType(self.FullName!)?.GetMethod(nameof(Serve), BindingFlags.Static | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("the peer entry is missing from the copy");
        Environment.Exit((int)serve.Invoke(null, [endpoint, registry])!);
    }

    internal static int Serve(string endpoint, string registry) => ServeAsync(endpoint, registry).GetAwaiter().GetResult();

    private static async Task<int> ServeAsync(string endpoint, string registry)
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
