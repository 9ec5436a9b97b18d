using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Stores;

/// <summary>Builds the wire instance from a normalized registration and the registry-owned fields.</summary>
public static class InstanceMapper
{
    public static AgentInstance ToInstance(string name, string id, AgentRegistration reg, DateTimeOffset registeredAt,
        DateTimeOffset lastHeartbeat, string status)
    {
        ArgumentNullException.ThrowIfNull(reg);
        return new AgentInstance
        {
            Name = name,
            InstanceId = id,
            Endpoint = reg.Endpoint ?? string.Empty,
            Protocol = reg.Protocol ?? string.Empty,
            Mode = reg.Mode ?? string.Empty,
            Capabilities = reg.Capabilities ?? [],
            Tools = reg.Tools ?? [],
            Metadata = reg.Metadata ?? new Dictionary<string, string>(),
            Public = reg.Public ?? false,
            RegisteredAt = registeredAt,
            LastHeartbeat = lastHeartbeat,
            Status = status,
        };
    }
}
