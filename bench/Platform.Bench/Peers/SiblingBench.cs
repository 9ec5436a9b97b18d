using System.Text.Json;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Platform.Bench.Peers;

/// <summary>
/// Another bench of this folder run as a subprocess from its build beside this one (artifacts layout
/// <c>bin/&lt;Project&gt;/&lt;pivot&gt;/</c>, same pivot); its <c>RESULT {json}</c> lines are what it reports.
/// </summary>
public static class SiblingBench
{
    public static async Task<List<JsonElement>> RunAsync(string project, IEnumerable<string> args, TimeSpan timeout)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(here.Parent!.Parent!.FullName, project, here.Name, $"AgentPlatform.{project}.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"{project} is not built beside Platform.Bench", dll);
        await using var child = ChildProcess.Start(PeerProcess.DotnetHost(), [dll, .. args], RepoPaths.Root);
        var code = await child.WaitForExitAsync(timeout);
        await Task.Delay(100);
        var results = child.Output.Split('\n')
            .Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["RESULT ".Length..]).RootElement.Clone())
            .ToList();
        if (code != 0 || results.Count == 0) throw new InvalidOperationException($"{project} exited with {code}:\n{child.Tail(40)}");
        return results;
    }
}
