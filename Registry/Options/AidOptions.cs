namespace AgentPlatform.Registry.Options;

/// <summary>Configuration section <c>Registry:Aid</c> (docs/protocol/aid.md, "What the Registry publishes").</summary>
public sealed class AidOptions
{
    /// <summary>Public <c>wss://</c> base URL of the Relay; relay-reachable agents are published under it.</summary>
    public string? PublicRelayUrl { get; set; }

    /// <summary>DNS zone the records live under (<c>_agent.{name}.{Zone}.</c>); relative names when empty.</summary>
    public string? Zone { get; set; }

    public int Ttl { get; set; } = 300;

    /// <summary>Optional AID <c>auth</c> token put in every record (none, pat, apikey, …).</summary>
    public string? Auth { get; set; }

    /// <summary>Agent served at <c>/.well-known/agent</c> when the Host header names no agent of <see cref="Zone"/>.</summary>
    public string? WellKnownAgent { get; set; }
}
