using AgentPlatform.TestSupport;

namespace AgentPlatform.Reliability.Disconnects;

/// <summary>
/// The built <c>agentchat</c> tool (AgentChat/, built beside the suite through a non-referencing project reference),
/// run as its own process as a user runs it: <c>dotnet AgentPlatform.AgentChat.dll …</c>.
/// </summary>
public static class AgentChatTool
{
    private const string DllName = "AgentPlatform.AgentChat.dll";

    /// <summary>The tool's assembly: the same configuration's build output as this suite's, else any build of it.</summary>
    public static string Assembly
    {
        get
        {
            // artifacts/bin/<project>/<configuration>/: the tool's output is the sibling project folder, same configuration.
            var own = Path.GetDirectoryName(typeof(AgentChatTool).Assembly.Location)!;
            var configuration = Path.GetFileName(own);
            var bin = Path.GetDirectoryName(Path.GetDirectoryName(own))!;
            var beside = Path.Combine(bin, "AgentChat", configuration, DllName);
            if (File.Exists(beside)) return beside;
            var root = RepoPaths.Combine("artifacts", "bin", "AgentChat");
            var built = Directory.Exists(root) ? Directory.EnumerateFiles(root, DllName, SearchOption.AllDirectories).FirstOrDefault() : null;
            return built ?? throw new InvalidOperationException(DllName + " is not built (build tests/Reliability, which builds AgentChat)");
        }
    }

    public static ChildProcess Start(string workingDirectory, params string[] args) =>
        ChildProcess.Start("dotnet", [Assembly, .. args], workingDirectory, new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
}
