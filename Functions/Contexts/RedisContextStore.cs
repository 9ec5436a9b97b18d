using AgentPlatform.Agents;
using AgentPlatform.Protocol.AspV1;
using StackExchange.Redis;

namespace AgentPlatform.Functions.Contexts;

/// <summary>
/// The scale-out store: a Redis hash per context key (<c>v</c> = version, <c>d</c> = data). A Lua script
/// compares the version and writes in one server-side step, which is what makes the save optimistic and safe
/// across any number of Functions instances.
/// </summary>
public sealed class RedisContextStore : IContextStore
{
    private const string SaveScript = """
        local current = redis.call('HGET', KEYS[1], 'v')
        if (current or '0') ~= ARGV[1] then return 0 end
        redis.call('HMSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        return 1
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly string _prefix;

    public RedisContextStore(IConnectionMultiplexer redis, string prefix = "agentplatform:context:")
    {
        _redis = redis ?? throw new ArgumentNullException(nameof(redis));
        _prefix = prefix ?? throw new ArgumentNullException(nameof(prefix));
    }

    /// <inheritdoc />
    public async ValueTask<StoredContext> LoadAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        RedisValue[] values;
        try
        {
            values = await _redis.GetDatabase().HashGetAsync(_prefix + key, ["v", "d"]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw Unavailable(ex);
        }
        if (values[0].IsNull) return StoredContext.Empty;
        return new StoredContext((long)values[0], (byte[]?)values[1] ?? []);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(string key, long expectedVersion, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        RedisResult result;
        try
        {
            result = await _redis.GetDatabase().ScriptEvaluateAsync(SaveScript, [_prefix + key],
                [expectedVersion, expectedVersion + 1, data.ToArray()]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
            throw Unavailable(ex);
        }
        return (long)result == 1;
    }

    /// <summary>
    /// Redis unreachable (down, restarting, timing out) is an outage of the store, not a bug of the agent: the
    /// invocation ends FUNCTION_UNAVAILABLE, retryable (docs/protocol/asp-v1.md), and the client tries again.
    /// </summary>
    private static AgentException Unavailable(Exception ex) =>
        new(AspErrorCodes.FunctionUnavailable, "the session store is unavailable (" + ex.GetType().Name + "); retry", retryable: true);
}
