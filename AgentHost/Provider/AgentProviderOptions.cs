using AgentPlatform.Agents;

namespace AgentPlatform.AgentHost.Provider;

/// <summary>How a direct-mode <see cref="AgentProvider"/> connects to the Relay.</summary>
public sealed class AgentProviderOptions
{
    /// <summary>Bearer token for the Relay's asp-v1 endpoint (<c>AgentPlatform:Keys:AgentSocket</c>).</summary>
    public string? Token { get; set; }

    /// <summary>
    /// The agent-socket access key. When set and <see cref="Token"/> is not, every (re)connection presents a fresh
    /// platform token minted from it (user <see cref="UserId"/>, roles <c>agent.provide.&lt;agent&gt;</c> for each agent
    /// served, <see cref="TokenLifetime"/>), so providers work where the Relay no longer accepts the key itself.
    /// </summary>
    public string? AccessKey { get; set; }

    /// <summary>The user id of minted provider tokens.</summary>
    public string UserId { get; set; } = "agenthost";

    /// <summary>Lifetime of minted provider tokens; only the upgrade checks it, so a long-lived connection outlives it.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Where session contexts live; the runtime is long-lived, so memory is the default.</summary>
    public IContextStore ContextStore { get; set; } = new InMemoryContextStore();

    public int MaxInFlight { get; set; } = 256;

    public int MaxFrameSize { get; set; } = 1 << 20;

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before reconnecting after the connection dropped.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
