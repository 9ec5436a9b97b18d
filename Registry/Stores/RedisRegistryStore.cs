using System.Globalization;
using System.Text.Json;
using AgentPlatform.Protocol.Registry;
using AgentPlatform.Registry.Diagnostics;
using AgentPlatform.Registry.Options;
using AgentPlatform.Registry.Watch;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AgentPlatform.Registry.Stores;

/// <summary>
/// The scale-out store: one Redis holds the state, the event sequence and the history, and pub/sub brings every
/// event to every replica's watchers (docs/protocol/registry.md, "Stores"). Instance keys expire on their own
/// (TTL refreshed by each heartbeat) so a registry fleet that dies leaves nothing behind for long. The connection is
/// the process's shared multiplexer (Aspire's Redis client integration), not owned here.
/// </summary>
public sealed class RedisRegistryStore : IRegistryStore, IDisposable
{
    private static readonly TimeSpan ReconcileInterval = TimeSpan.FromMinutes(1);
    private readonly ChannelMessageQueue _subscription;
    private readonly IDatabase _db;
    private readonly RegistryOptions _options;
    private readonly ILogger<RedisRegistryStore> _logger;
    private readonly string _prefix;
    private readonly RedisKey _index;
    private readonly RedisKey _sequence;
    private readonly RedisKey _history;
    private readonly RedisKey _heartbeats;
    private readonly long _ttlMs;
    private readonly RedisHeartbeatBatcher _batcher;
    private DateTimeOffset _nextReconcile = DateTimeOffset.MinValue;

    public RedisRegistryStore(IConnectionMultiplexer redis, IOptions<RegistryOptions> options, ILogger<RedisRegistryStore> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _prefix = _options.RedisPrefix;
        _index = _prefix + ":index";
        _sequence = _prefix + ":seq";
        _history = _prefix + ":events";
        _heartbeats = _prefix + ":hb";
        // Generous grace over the pruning horizon: expiry only matters when no registry replica is left to prune.
        _ttlMs = (long)(_options.HeartbeatTimeout + _options.RemovalDelay + TimeSpan.FromSeconds(30)).TotalMilliseconds;
        Events = new EventHub(_options.WatcherQueue);
        _db = redis.GetDatabase();
        _batcher = new RedisHeartbeatBatcher(_db, [_index, _sequence, _history, _heartbeats], _ttlMs, _options.EventHistory, InstanceKey);
        // The queue form, not a handler: it hands events over one at a time in arrival order (a handler
        // subscription runs them concurrently), and watchers must see the sequence in order.
        _subscription = redis.GetSubscriber().Subscribe(RedisChannel.Literal(_prefix + ":events"));
        _subscription.OnMessage(message => OnMessage(message.Message));
    }

    public EventHub Events { get; }

    public async Task<RegisterResult> RegisterAsync(string name, string instanceId, AgentRegistration registration, DateTimeOffset now)
    {
        var regJson = JsonSerializer.Serialize(registration, RegistryJsonContext.Default.AgentRegistration);
        var result = (RedisResult[])(await RunAsync(RedisScripts.Register, name, instanceId, now, regJson).ConfigureAwait(false))!;
        var created = (long)result[0] == 1;
        var registeredAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)result[1]!, CultureInfo.InvariantCulture));
        var nowMs = DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds());
        return new RegisterResult(created, InstanceMapper.ToInstance(name, instanceId, registration, registeredAt, nowMs, InstanceStatus.Healthy));
    }

    public Task<bool> HeartbeatAsync(string name, string instanceId, DateTimeOffset now) => _batcher.HeartbeatAsync(name, instanceId, now);

    public async Task<bool> DeregisterAsync(string name, string instanceId) =>
        (long)(await RunAsync(RedisScripts.Deregister, name, instanceId, DateTimeOffset.UnixEpoch).ConfigureAwait(false)) == 1;

    public async Task<IReadOnlyList<AgentInstance>> GetAsync(string name)
    {
        var members = await _db.SetMembersAsync(_index).ConfigureAwait(false);
        var prefix = name + "/";
        return await LoadAsync(members.Select(m => (string)m!).Where(m => m.StartsWith(prefix, StringComparison.Ordinal))).ConfigureAwait(false);
    }

    public async Task<Snapshot> SnapshotAsync()
    {
        // Cursor first: events after it may already be in the view, which watchers tolerate (upserts), never the reverse.
        var cursor = (long?)await _db.StringGetAsync(_sequence).ConfigureAwait(false) ?? 0;
        var members = await _db.SetMembersAsync(_index).ConfigureAwait(false);
        return new Snapshot(cursor, await LoadAsync(members.Select(m => (string)m!)).ConfigureAwait(false));
    }

    public async Task<EventRange> ReadEventsSinceAsync(long cursor)
    {
        var current = (long?)await _db.StringGetAsync(_sequence).ConfigureAwait(false) ?? 0;
        if (cursor > current) return new EventRange(false, []);
        if (cursor == current) return new EventRange(true, []);
        var raw = await _db.ListRangeAsync(_history).ConfigureAwait(false);
        var events = raw.Select(r => RedisEnvelope.ParseEvent(r!)).ToList();
        if (events.Count == 0 || events[0].Sequence > cursor + 1) return new EventRange(false, []);
        return new EventRange(true, [.. events.Where(e => e.Sequence > cursor)]);
    }

    /// <summary>
    /// Runs the prune script only for instances whose last heartbeat is older than the timeout (the overdue end of the
    /// heartbeat sorted set, one range read), so a tick costs in proportion to what is late, not to the fleet: reading
    /// every instance's hash each second put 10,000 commands a second in front of the heartbeats on the one
    /// connection. The script re-checks each candidate atomically, so the read may be stale without pruning anything
    /// live. Once a minute the index set is reconciled with the sorted set (members without a score, e.g. written by a
    /// replica of an older version, get one from the prune script).
    /// </summary>
    public async Task PruneAsync(DateTimeOffset now)
    {
        var horizon = now.ToUnixTimeMilliseconds() - (long)_options.HeartbeatTimeout.TotalMilliseconds;
        var overdue = await _db.SortedSetRangeByScoreAsync(_heartbeats, double.NegativeInfinity, horizon).ConfigureAwait(false);
        var candidates = new HashSet<string>(overdue.Select(m => (string)m!), StringComparer.Ordinal);
        if (now >= _nextReconcile)
        {
            _nextReconcile = now + ReconcileInterval;
            var index = await _db.SetMembersAsync(_index).ConfigureAwait(false);
            var scored = await _db.SortedSetRangeByRankAsync(_heartbeats).ConfigureAwait(false);
            var known = new HashSet<string>(scored.Select(m => (string)m!), StringComparer.Ordinal);
            foreach (var member in index.Select(m => (string)m!)) if (!known.Contains(member)) candidates.Add(member);
        }
        if (candidates.Count == 0) return;
        var timeoutMs = (long)_options.HeartbeatTimeout.TotalMilliseconds;
        var removalMs = (long)_options.RemovalDelay.TotalMilliseconds;
        var pending = new List<Task>(candidates.Count);
        foreach (var member in candidates)
        {
            var slash = member.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) continue;
            pending.Add(RunAsync(RedisScripts.Prune, member[..slash], member[(slash + 1)..], now, timeoutMs, removalMs));
        }
        await Task.WhenAll(pending).ConfigureAwait(false);
    }

    public void Dispose()
    {
        // Heartbeats already read finish on their own; nothing new is taken.
        _ = _batcher.CompleteAsync();
        try
        {
            _subscription.Unsubscribe(CommandFlags.FireAndForget);
        }
        catch (ObjectDisposedException)
        {
            // At host shutdown the container may already have disposed the multiplexer or Aspire's Redis tracing
            // (which every command passes through); the subscription goes with the multiplexer then.
        }
    }

    private async Task<IReadOnlyList<AgentInstance>> LoadAsync(IEnumerable<string> fields)
    {
        var list = fields.ToList();
        var reads = list.Select(f => _db.HashGetAsync(InstanceKey(f), [(RedisValue)"reg", (RedisValue)"ra", (RedisValue)"hb", (RedisValue)"st"])).ToList();
        await Task.WhenAll(reads).ConfigureAwait(false);
        var result = new List<AgentInstance>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var v = reads[i].Result;
            if (RedisEnvelope.ParseHash(list[i], v[0], v[1], v[2], v[3]) is { } instance) result.Add(instance);
        }
        return result;
    }

    private Task<RedisResult> RunAsync(string script, string name, string id, DateTimeOffset now, params RedisValue[] extra)
    {
        var field = name + "/" + id;
        RedisKey[] keys = [InstanceKey(field), _index, _sequence, _history, _heartbeats];
        RedisValue[] args = [field, name, id, now.ToUnixTimeMilliseconds(), _ttlMs, _options.EventHistory, .. extra];
        return _db.ScriptEvaluateAsync(script, keys, args);
    }

    private RedisKey InstanceKey(string field) => _prefix + ":i:" + field;

    private void OnMessage(RedisValue message)
    {
        try
        {
            Events.Publish(RedisEnvelope.ParseEvent(message!));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Log.BadRedisEvent(_logger, ex);
        }
    }
}
