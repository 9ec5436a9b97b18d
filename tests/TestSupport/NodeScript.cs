namespace AgentPlatform.TestSupport;

/// <summary>
/// Runs a node script of the interop suite (tests/Interop/node/...) from the repository root, so that the
/// official npm clients installed there by the test command resolve.
/// </summary>
public static class NodeScript
{
    /// <summary>Runs the script to completion; returns its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string relativePath, IEnumerable<string> args,
        TimeSpan timeout, IDictionary<string, string?>? environment = null)
    {
        await using var child = Start(relativePath, args, environment);
        var code = await child.WaitForExitAsync(timeout).ConfigureAwait(false);
        // Output events may trail the exit notification by a moment.
        await Task.Delay(50).ConfigureAwait(false);
        return (code, child.Output);
    }

    /// <summary>Starts the script and leaves it running (a server peer); dispose to stop it by process id.</summary>
    public static ChildProcess Start(string relativePath, IEnumerable<string> args, IDictionary<string, string?>? environment = null)
    {
        var script = RepoPaths.Combine(relativePath);
        if (!File.Exists(script)) throw new FileNotFoundException("node script missing", script);
        if (!Directory.Exists(RepoPaths.Combine("node_modules")))
        {
            throw new InvalidOperationException("node_modules is missing: run the test command (./test.sh), which runs npm ci.");
        }
        return ChildProcess.Start("node", [script, .. args], RepoPaths.Root, environment);
    }
}
