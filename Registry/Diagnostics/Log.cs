namespace AgentPlatform.Registry.Diagnostics;

/// <summary>Structured log messages of the Registry (never message contents or keys).</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Registered {Name}/{InstanceId} (created: {Created})")]
    public static partial void Registered(ILogger logger, string name, string instanceId, bool created);

    [LoggerMessage(2, LogLevel.Information, "Deregistered {Name}/{InstanceId}")]
    public static partial void Deregistered(ILogger logger, string name, string instanceId);

    [LoggerMessage(3, LogLevel.Warning, "Refused a write: missing or wrong registry key")]
    public static partial void Unauthorized(ILogger logger);

    [LoggerMessage(4, LogLevel.Error, "Pruning failed; retrying on the next tick")]
    public static partial void PruneFailed(ILogger logger, Exception ex);

    [LoggerMessage(5, LogLevel.Warning, "Ignored an undecodable event from Redis")]
    public static partial void BadRedisEvent(ILogger logger, Exception ex);

    [LoggerMessage(6, LogLevel.Information, "Watcher disconnected after {Events} events: {Why}")]
    public static partial void WatcherEnded(ILogger logger, long events, string why);

    [LoggerMessage(7, LogLevel.Information, "Registry store: {Store}")]
    public static partial void StoreSelected(ILogger logger, string store);
}
