using AgentPlatform.TestSupport;

namespace AgentPlatform.AgentChat.Tests.Infrastructure;

/// <summary>The built `agentchat` tool run as its own process (`dotnet AgentPlatform.AgentChat.dll …`), as a user runs it.</summary>
public static class ToolProcess
{
    public static string Assembly
    {
        get
        {
            var beside = typeof(AgentChatCli).Assembly.Location;
            if (File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json"))) return beside;
            var built = Directory.EnumerateFiles(RepoPaths.Combine("artifacts", "bin", "AgentChat"), "AgentPlatform.AgentChat.dll", SearchOption.AllDirectories).FirstOrDefault();
            return built ?? throw new InvalidOperationException("AgentPlatform.AgentChat.dll is not built");
        }
    }

    public static ChildProcess Start(string workingDirectory, params string[] args) =>
        ChildProcess.Start("dotnet", [Assembly, .. args], workingDirectory, new Dictionary<string, string?> { ["NO_COLOR"] = "1" });
}
