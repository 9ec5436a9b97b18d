using System.Text.Json;
using AgentPlatform.Dashboard.Json;
using AgentPlatform.Dashboard.State;

namespace AgentPlatform.Dashboard.Sources;

/// <summary>Reads the registry's JSON shapes (registry.md); pure, so malformed data is testable without a socket.</summary>
public static class RegistryPayloads
{
    /// <summary>An instance (watch data of added/updated/stale/removed).</summary>
    /// <exception cref="JsonException">Not an instance object, or without name and instance id.</exception>
    public static AgentInstance ParseInstance(string json)
    {
        var instance = JsonSerializer.Deserialize<AgentInstance>(json, DashboardJson.Options)
            ?? throw new JsonException("An instance cannot be null.");
        return Validate(instance);
    }

    /// <summary>The <c>GET /v1/agents</c> shape, also the data of a watch <c>snapshot</c> (which adds a cursor).</summary>
    public static (long? Cursor, IReadOnlyList<AgentInstance> Instances) ParseList(string json)
    {
        var list = JsonSerializer.Deserialize<AgentList>(json, DashboardJson.Options)
            ?? throw new JsonException("An agent list cannot be null.");
        var instances = new List<AgentInstance>();
        foreach (var agent in list.Agents ?? [])
        {
            foreach (var i in agent.Instances ?? [])
            {
                instances.Add(Validate(string.IsNullOrEmpty(i.Name) ? i with { Name = agent.Name ?? "" } : i));
            }
        }
        return (list.Cursor, instances);
    }

    private static AgentInstance Validate(AgentInstance instance)
    {
        if (string.IsNullOrEmpty(instance.Name) || string.IsNullOrEmpty(instance.InstanceId))
        {
            throw new JsonException("An instance needs a name and an instanceId.");
        }
        return instance;
    }

    private sealed record AgentList(long? Cursor, IReadOnlyList<AgentEntry>? Agents);

    private sealed record AgentEntry(string? Name, IReadOnlyList<AgentInstance>? Instances);
}
