using AgentPlatform.Agents;

namespace AgentPlatform.AgentHost.Provider;

/// <summary>How a direct-mode <see cref="AgentProvider"/> connects to the Relay.</summary>
public sealed class AgentProviderOptions
{
    /// <summary>Bearer token for the Relay's asp-v1 endpoint (<c>AgentPlatform:Keys:AgentSocket</c>).</summary>
    public string? Token { get; set; }

    /// <summary>Where session contexts live; the runtime is long-lived, so memory is the default.</summary>
    public IContextStore ContextStore { get; set; } = new InMemoryContextStore();

    public int MaxInFlight { get; set; } = 256;

    public int MaxFrameSize { get; set; } = 1 << 20;

    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait before reconnecting after the connection dropped.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}
