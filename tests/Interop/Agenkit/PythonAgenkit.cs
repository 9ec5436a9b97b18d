using System.Text.Json;
using AgentPlatform.TestSupport;

namespace AgentPlatform.Interop.Agenkit;

/// <summary>Runs tests/Interop/python/agenkit/agenkit_cli.py (Python 3, standard library only) and reads its JSON lines.</summary>
public static class PythonAgenkit
{
    private const string Script = "tests/Interop/python/agenkit/agenkit_cli.py";

    /// <summary>Runs one command to its end; fails with the output when it exits non-zero.</summary>
    public static async Task<IReadOnlyList<JsonElement>> RunAsync(params string[] args)
    {
        await using var child = Start(args);
        var code = await child.WaitForExitAsync(TimeSpan.FromSeconds(120));
        await Task.Delay(50);   // output events may trail the exit
        Assert.True(code == 0, $"python3 agenkit_cli.py {string.Join(' ', args)} exited {code}:\n{child.Output}");
        return Lines(child.Output);
    }

    /// <summary>Starts a long-running command (serve); dispose to stop it by process id.</summary>
    public static ChildProcess Start(params string[] args) => ChildProcess.Start("python3", [RepoPaths.Combine(Script), .. args], RepoPaths.Root);

    public static IReadOnlyList<JsonElement> Lines(string output) =>
        [.. output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
