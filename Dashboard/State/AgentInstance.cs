namespace AgentPlatform.Dashboard.State;

/// <summary>One registered instance as the dashboard shows it (registry.md "instance"); unknown fields are ignored.</summary>
public sealed record AgentInstance
{
    public string Name { get; init; } = "";

    public string InstanceId { get; init; } = "";

    public string Endpoint { get; init; } = "";

    public string Protocol { get; init; } = "";

    public string Mode { get; init; } = "";

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public IReadOnlyList<AgentTool> Tools { get; init; } = [];

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    public bool Public { get; init; }

    public DateTimeOffset? RegisteredAt { get; init; }

    public DateTimeOffset? LastHeartbeat { get; init; }

    public string Status { get; init; } = "healthy";

    /// <summary>Why it was removed (registry <c>removed</c> events only).</summary>
    public string? Reason { get; init; }

    public string Key => Name + "/" + InstanceId;
}
