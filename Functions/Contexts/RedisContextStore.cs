using AgentPlatform.Agents;
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
        var values = await _redis.GetDatabase().HashGetAsync(_prefix + key, ["v", "d"]).ConfigureAwait(false);
        if (values[0].IsNull) return StoredContext.Empty;
        return new StoredContext((long)values[0], (byte[]?)values[1] ?? []);
    }

    /// <inheritdoc />
    public async ValueTask<bool> TrySaveAsync(string key, long expectedVersion, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var result = await _redis.GetDatabase().ScriptEvaluateAsync(SaveScript, [_prefix + key],
            [expectedVersion, expectedVersion + 1, data.ToArray()]).ConfigureAwait(false);
        return (long)result == 1;
    }
}
