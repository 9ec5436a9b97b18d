using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Api;

/// <summary>Filtering and grouping of <c>GET /v1/agents</c> (pure).</summary>
public static class AgentQuery
{
    public static IReadOnlyList<AgentEntry> Group(IEnumerable<AgentInstance> instances) =>
        [.. instances.GroupBy(i => i.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new AgentEntry { Name = g.Key, Instances = [.. g.OrderBy(i => i.InstanceId, StringComparer.Ordinal)] })];

    /// <summary>Validates filter values; returns field errors (empty when valid).</summary>
    public static Dictionary<string, string[]> ValidateFilters(string? protocol, string? capability, string? mode, string? status)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (protocol is not null && !AgentProtocols.All.Contains(protocol)) errors["protocol"] = ["unknown protocol"];
        if (mode is not null and not (AgentModes.Direct or AgentModes.Relay)) errors["mode"] = ["must be 'direct' or 'relay'"];
        if (status is not null and not (InstanceStatus.Healthy or InstanceStatus.Stale)) errors["status"] = ["must be 'healthy' or 'stale'"];
        if (capability is { Length: 0 or > 64 }) errors["capability"] = ["must be 1 to 64 characters"];
        return errors;
    }

    public static IEnumerable<AgentInstance> Filter(IEnumerable<AgentInstance> instances, string? protocol, string? capability, string? mode, string? status) =>
        instances.Where(i => (protocol is null || i.Protocol == protocol)
            && (mode is null || i.Mode == mode)
            && (status is null || i.Status == status)
            && (capability is null || i.Capabilities.Contains(capability)));
}
