using Microsoft.Extensions.Configuration;

namespace AgentPlatform.ServiceDefaults.Redis;

/// <summary>
/// Whether Aspire's Redis client integration traces every Redis command. Off unless configured
/// (<c>Aspire:StackExchange:Redis:DisableTracing=false</c>): it profiles each command and turns the sessions into
/// spans in batches, which at the Registry's heartbeat rate tripled the p99 (bench/Registry.Bench: 137 ms → 422 ms
/// on 2 busy cores, 2026-12-03). The stores' own spans (registry.store …, context.load/save) keep Redis visible in
/// a trace.
/// </summary>
public static class RedisTracing
{
    /// <summary>The Aspire setting this reads.</summary>
    public const string DisableTracingKey = "Aspire:StackExchange:Redis:DisableTracing";

    /// <summary>True unless configuration sets <see cref="DisableTracingKey"/> to false.</summary>
    public static bool IsDisabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return configuration[DisableTracingKey] is not { } value || bool.Parse(value);
    }
}
