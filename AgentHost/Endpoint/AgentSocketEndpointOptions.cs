using AgentPlatform.Agents;

namespace AgentPlatform.AgentHost.Endpoint;

/// <summary>Settings of an in-process asp-v1 endpoint (<see cref="AgentSocketEndpointExtensions.MapAgentSocket"/>).</summary>
public sealed class AgentSocketEndpointOptions
{
    /// <summary>Bearer token clients must present (upgrade header, <c>access_token</c> query or HELLO); null = open.</summary>
    public string? Token { get; set; }

    /// <summary>Where agents' session contexts live; in memory by default (the process is the session's home).</summary>
    public IContextStore ContextStore { get; set; } = new InMemoryContextStore();

    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxFrameSize { get; set; } = 1 << 20;

    public int MaxInFlight { get; set; } = 64;

    /// <summary>How long a dropped reliable session waits for its client to resume.</summary>
    public TimeSpan ResumeWindow { get; set; } = TimeSpan.FromSeconds(60);

    public int ReplayMaxFrames { get; set; } = 1024;

    public long ReplayMaxBytes { get; set; } = 1 << 20;

    /// <summary>Acknowledge received frames at least this often.</summary>
    public TimeSpan AckInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan HelloTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
