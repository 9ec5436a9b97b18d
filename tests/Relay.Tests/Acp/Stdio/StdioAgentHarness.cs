using AgentPlatform.Relay.Acp.Agents.Stdio;
using AgentPlatform.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace AgentPlatform.Relay.Tests.Acp.Stdio;

/// <summary>Builds a <see cref="StdioAcpAgent"/> running tests/Interop/node/acp/stdio-agent.mjs (the SDK's agent side) with node.</summary>
public static class StdioAgentHarness
{
    public static string AgentScript => RepoPaths.Combine("tests", "Interop", "node", "acp", "stdio-agent.mjs");

    public static StdioAcpAgent Create(string? command = null, AcpStdioOptions? options = null)
    {
        if (!Directory.Exists(RepoPaths.Combine("node_modules", "@agentclientprotocol", "sdk")))
        {
            throw new InvalidOperationException("node_modules is missing: run npm ci at the repository root.");
        }
        // Quoted the way Acp:Agents:{name}:Command would be: the script path may hold spaces.
        command ??= "node '" + AgentScript.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        return new StdioAcpAgent("test", new AcpStdioAgentOptions { Command = command, WorkingDirectory = RepoPaths.Root },
            options ?? new AcpStdioOptions(), NullLogger<StdioAcpAgent>.Instance);
    }
}
