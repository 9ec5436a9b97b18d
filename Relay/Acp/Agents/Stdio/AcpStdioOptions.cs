namespace AgentPlatform.Relay.Acp.Agents.Stdio;

/// <summary>The stdio ACP agents the Relay runs (<c>Acp:Agents</c>) and the largest line it reads from one (<c>Acp:MaxMessageBytes</c>).</summary>
public sealed class AcpStdioOptions
{
    /// <summary>16 MiB, the ACP SDK's default message cap.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024 * 1024;

    /// <summary>By name, the name in <c>/acp/{agent}</c> (configuration keys ignore case, so lookups do too).</summary>
    public Dictionary<string, AcpStdioAgentOptions> Agents { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A longer line from an agent is dropped (and logged), never buffered whole.</summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>How long the agent may take to answer the Relay's initialize before it counts as failed to start.</summary>
    public TimeSpan InitializeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first restart delay after a crash; it doubles on each crash in a row up to <see cref="MaxRestartDelay"/>.</summary>
    public TimeSpan MinRestartDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(10);
}
