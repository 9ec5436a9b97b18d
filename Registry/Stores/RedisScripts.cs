namespace AgentPlatform.Registry.Stores;

/// <summary>
/// Lua scripts of the Redis store. Each mutation is one script so that the state change, its sequence number,
/// the history entry and the publish are atomic: every replica sees one order of events.
/// KEYS: 1 instance hash, 2 index set, 3 sequence counter, 4 history list (also the pub/sub channel name),
/// 5 heartbeat sorted set (index field scored by its last heartbeat, unix ms: the pruner reads only the overdue end).
/// ARGV: 1 index field (name/id), 2 name, 3 id, 4 now (unix ms), 5 key TTL (ms), 6 history length, then per script.
/// Names and ids are validated to a quote-free alphabet, so they are safe to splice into the JSON envelope.
/// </summary>
internal static class RedisScripts
{
    private const string Emit = """
        local function emit(typ, reason, reg, ra, hb, st)
          local seq = redis.call('INCR', KEYS[3])
          local env = '{"seq":' .. seq .. ',"type":"' .. typ .. '","reason":"' .. reason .. '","name":"' .. ARGV[2] ..
            '","id":"' .. ARGV[3] .. '","ra":' .. ra .. ',"hb":' .. hb .. ',"st":"' .. st .. '","reg":' .. reg .. '}'
          redis.call('RPUSH', KEYS[4], env)
          redis.call('LTRIM', KEYS[4], -tonumber(ARGV[6]), -1)
          redis.call('PUBLISH', KEYS[4], env)
          return seq
        end

        """;

    /// <summary>ARGV[7] normalized registration JSON. Returns {created (1/0), registeredAt ms}.</summary>
    public const string Register = Emit + """
        local now = ARGV[4]
        local old = redis.call('HMGET', KEYS[1], 'reg', 'ra', 'st')
        if not old[1] then
          redis.call('HSET', KEYS[1], 'reg', ARGV[7], 'ra', now, 'hb', now, 'st', 'healthy')
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          redis.call('SADD', KEYS[2], ARGV[1])
          redis.call('ZADD', KEYS[5], now, ARGV[1])
          emit('added', '', ARGV[7], now, now, 'healthy')
          return {1, now}
        end
        redis.call('HSET', KEYS[1], 'reg', ARGV[7], 'hb', now, 'st', 'healthy')
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('SADD', KEYS[2], ARGV[1])
        redis.call('ZADD', KEYS[5], now, ARGV[1])
        if old[1] ~= ARGV[7] or old[3] ~= 'healthy' then
          emit('updated', '', ARGV[7], old[2], now, 'healthy')
        end
        return {0, old[2]}
        """;

    /// <summary>
    /// Heartbeats of several instances in one call (RedisHeartbeatBatcher). Its own key layout: KEYS 1 index set,
    /// 2 sequence counter, 3 history list, 4 heartbeat sorted set, then one instance hash per heartbeat. ARGV 1 count,
    /// 2 key TTL (ms), 3 history length, then per heartbeat: index field, name, id, now (unix ms). Returns one result
    /// per heartbeat: 1 when known, -1 when the instance must register again.
    /// </summary>
    public const string HeartbeatBatch = """
        local ttl, hist = ARGV[2], tonumber(ARGV[3])
        local out = {}
        for i = 1, tonumber(ARGV[1]) do
          local key, at = KEYS[4 + i], 3 + (i - 1) * 4
          local field, now = ARGV[at + 1], ARGV[at + 4]
          local st = redis.call('HGET', key, 'st')
          if not st then
            redis.call('SREM', KEYS[1], field)
            redis.call('ZREM', KEYS[4], field)
            out[i] = -1
          else
            redis.call('HSET', key, 'hb', now)
            redis.call('PEXPIRE', key, ttl)
            redis.call('ZADD', KEYS[4], now, field)
            if st ~= 'healthy' then
              redis.call('HSET', key, 'st', 'healthy')
              local f = redis.call('HMGET', key, 'reg', 'ra')
              local seq = redis.call('INCR', KEYS[2])
              local env = '{"seq":' .. seq .. ',"type":"updated","reason":"","name":"' .. ARGV[at + 2] ..
                '","id":"' .. ARGV[at + 3] .. '","ra":' .. f[2] .. ',"hb":' .. now .. ',"st":"healthy","reg":' .. f[1] .. '}'
              redis.call('RPUSH', KEYS[3], env)
              redis.call('LTRIM', KEYS[3], -hist, -1)
              redis.call('PUBLISH', KEYS[3], env)
            end
            out[i] = 1
          end
        end
        return out
        """;

    /// <summary>Returns 1 when removed, 0 when unknown.</summary>
    public const string Deregister = Emit + """
        local f = redis.call('HMGET', KEYS[1], 'reg', 'ra', 'hb', 'st')
        redis.call('SREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[5], ARGV[1])
        if not f[1] then return 0 end
        redis.call('DEL', KEYS[1])
        emit('removed', 'deregistered', f[1], f[2], f[3], f[4])
        return 1
        """;

    /// <summary>ARGV[7] timeout ms, ARGV[8] removal delay ms. Re-checks under the script's atomicity, so concurrent pruners on several replicas emit each event once.</summary>
    public const string Prune = Emit + """
        local f = redis.call('HMGET', KEYS[1], 'reg', 'ra', 'hb', 'st')
        if not f[1] then
          redis.call('ZREM', KEYS[5], ARGV[1])
          if redis.call('SREM', KEYS[2], ARGV[1]) == 1 then
            emit('removed', 'expired', '{}', 0, 0, 'stale')
          end
          return 0
        end
        local silence = tonumber(ARGV[4]) - tonumber(f[3])
        local timeout = tonumber(ARGV[7])
        if silence > timeout + tonumber(ARGV[8]) then
          redis.call('DEL', KEYS[1])
          redis.call('SREM', KEYS[2], ARGV[1])
          redis.call('ZREM', KEYS[5], ARGV[1])
          emit('removed', 'expired', f[1], f[2], f[3], f[4])
          return 2
        end
        -- Kept: its heartbeat score is (re)written, which also adopts entries a replica without the sorted set wrote.
        redis.call('ZADD', KEYS[5], f[3], ARGV[1])
        if silence > timeout and f[4] == 'healthy' then
          redis.call('HSET', KEYS[1], 'st', 'stale')
          emit('stale', '', f[1], f[2], f[3], 'stale')
          return 1
        end
        return 0
        """;
}
