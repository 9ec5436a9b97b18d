using System.Globalization;
using AgentPlatform.Client.Auth;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Acp.Bench.Targets;

/// <summary>
/// The Relay from the Release build beside this bench (<c>dotnet AgentPlatform.Relay.dll --urls ...</c>), configured
/// as shipped but for the agent socket token and one stdio agent, <c>sdk</c>, as <c>/acp</c>'s default agent. Its
/// agent is its child process, so the process tree is what it costs. Stopped by its pid (SIGTERM, then kill).
/// </summary>
public sealed class RelayTarget : IAcpTarget
{
    private const string Dll = "AgentPlatform.Relay.dll";
    private readonly ChildProcess _process;

    private RelayTarget(ChildProcess process, int port, string token)
    {
        _process = process;
        Url = "ws://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture) + "/acp";
        Token = token;
    }

    public string Label => "Relay";

    public string Url { get; }

    public string Token { get; }

    public int ProcessId => _process.Id;

    public static async Task<RelayTarget> StartAsync(string agentScript, string token)
    {
        var dll = FindRelayDll();
        var port = FreePort.Next();
        var url = "http://127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string?>
        {
            ["AgentPlatform__Keys__AgentSocket"] = token,
            ["Acp__DefaultAgent"] = "sdk",
            ["Acp__Agents__sdk__Command"] = $"node \"{agentScript}\"",
            ["Acp__Agents__sdk__WorkingDirectory"] = RepoPaths.Root,
        };
        var child = ChildProcess.Start("dotnet", [dll, "--urls", url], RepoPaths.Root, environment);
        // The Relay runs as shipped (Production), where the key itself is refused: clients present a token minted from it.
        var target = new RelayTarget(child, port, AccessTokens.Create(token, "acp-bench", [AccessTokens.InvokeRole()], TimeSpan.FromHours(1)));
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                if (child.HasExited) throw new InvalidOperationException($"the Relay exited with {child.ExitCode}:\n{child.Tail(40)}");
                try
                {
                    if ((await http.GetAsync(new Uri(url + "/health"))).IsSuccessStatusCode) return target;
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet.
                }
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the Relay was not healthy within 60 s:\n{child.Tail(40)}");
                await Task.Delay(100);
            }
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static string FindRelayDll()
    {
        // Artifacts layout: <artifacts>/bin/<Project>/<pivot>/, so the Relay sits beside this bench's own folder.
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var besides = here.Parent?.Parent is { } bin ? Path.Combine(bin.FullName, "Relay", here.Name, Dll) : null;
        if (besides is not null && File.Exists(besides)) return besides;
        var release = RepoPaths.Combine("artifacts", "bin", "Relay", "release", Dll);
        return File.Exists(release) ? release : throw new FileNotFoundException("the Relay build is missing (build this bench with -c Release)", release);
    }
}
