using System.Text.Json;
using AgentPlatform.Protocol.Registry;

namespace AgentPlatform.Registry.Stores;

/// <summary>Decodes the event envelope the Lua scripts build (RedisScripts) and the per-instance hash.</summary>
internal static class RedisEnvelope
{
    public static RegistryEvent ParseEvent(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var reg = root.GetProperty("reg").Deserialize(RegistryJsonContext.Default.AgentRegistration) ?? new AgentRegistration();
        var reason = root.GetProperty("reason").GetString();
        var instance = InstanceMapper.ToInstance(
            root.GetProperty("name").GetString()!,
            root.GetProperty("id").GetString()!,
            reg,
            DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("ra").GetInt64()),
            DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("hb").GetInt64()),
            root.GetProperty("st").GetString()!) with { Reason = string.IsNullOrEmpty(reason) ? null : reason };
        return new RegistryEvent(root.GetProperty("seq").GetInt64(), root.GetProperty("type").GetString()!, instance);
    }

    public static AgentInstance? ParseHash(string field, string? reg, string? ra, string? hb, string? st)
    {
        if (reg is null || ra is null || hb is null || st is null) return null;
        var slash = field.IndexOf('/', StringComparison.Ordinal);
        var registration = JsonSerializer.Deserialize(reg, RegistryJsonContext.Default.AgentRegistration) ?? new AgentRegistration();
        return InstanceMapper.ToInstance(field[..slash], field[(slash + 1)..], registration,
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(ra, System.Globalization.CultureInfo.InvariantCulture)),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(hb, System.Globalization.CultureInfo.InvariantCulture)), st);
    }
}
