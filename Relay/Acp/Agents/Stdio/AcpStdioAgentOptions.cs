namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>One stdio ACP agent: <c>Acp:Agents:{name}:Command</c> and <c>Acp:Agents:{name}:WorkingDirectory</c>.</summary>
public sealed class AcpStdioAgentOptions
{
    /// <summary>The program and its arguments, split like a shell splits words (<see cref="CommandLine"/>).</summary>
    public string Command { get; set; } = "";

    /// <summary>The agent's working directory; the Relay's own when empty.</summary>
    public string? WorkingDirectory { get; set; }
}
