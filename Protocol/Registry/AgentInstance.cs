using System.Text.Json.Serialization;

namespace AgentPlatform.Protocol.Registry;

/// <summary>One registered instance of an agent, as the Registry answers it and as watch events carry it.</summary>
public sealed record AgentInstance
{
    /// <summary>Agent name (<see cref="RegistrationValidator.IsValidName"/>).</summary>
    public required string Name { get; init; }

    /// <summary>Instance id, unique within the name.</summary>
    public required string InstanceId { get; init; }

    /// <summary>Where the instance is reached; for relay mode the Functions base URL.</summary>
    public required string Endpoint { get; init; }

    /// <summary>Wire protocol (<see cref="AgentProtocols"/>).</summary>
    public required string Protocol { get; init; }

    /// <summary><c>direct</c> or <c>relay</c>.</summary>
    public required string Mode { get; init; }

    /// <summary>Capability tokens.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = [];

    /// <summary>Tools the instance offers.</summary>
    public IReadOnlyList<ToolDescriptor> Tools { get; init; } = [];

    /// <summary>String metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the agent is published as an AID record.</summary>
    public bool Public { get; init; }

    /// <summary>First registration time (UTC).</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>Last register or heartbeat time (UTC).</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public DateTimeOffset LastHeartbeat { get; init; }

    /// <summary><c>healthy</c> or <c>stale</c> (<see cref="InstanceStatus"/>).</summary>
    public string Status { get; init; } = InstanceStatus.Healthy;

    /// <summary>Only on <c>removed</c> events: <c>deregistered</c> or <c>expired</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}
