namespace AgentPlatform.Relay.Core.Sessions;

/// <summary>
/// The Lua scripts of <see cref="RedisSessionStore"/> (StackExchange.Redis sends them by SHA once cached). Every write
/// checks the owner epoch in the same script, so a replica that lost a session (another one took it over and bumped
/// the epoch) can no longer change it: fencing. KEYS: 1 the record hash, 2 the frames sorted set (score = sequence
/// number), 3 the groups set; one hash tag per session so the three share a cluster slot.
/// </summary>
internal static class SessionScripts
{
    /// <summary>ARGV: ttl ms, then field/value pairs. Creates the record (the pairs include epoch 1).</summary>
    public const string Create = """
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
        for i = 2, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[1])
        return 1
        """;

    /// <summary>
    /// ARGV: epoch, last sequence, acked, inbound, ttl ms, token hash ('' = unchanged), then sequence/member pairs.
    /// Returns 1, or 0 when the epoch is not the caller's (fenced, or the record expired).
    /// </summary>
    public const string Append = """
        if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
        for i = 7, #ARGV, 2 do redis.call('ZADD', KEYS[2], ARGV[i], ARGV[i + 1]) end
        if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'last') or '0') then redis.call('HSET', KEYS[1], 'last', ARGV[2]) end
        local acked = tonumber(ARGV[3])
        if acked > tonumber(redis.call('HGET', KEYS[1], 'acked') or '0') then
          redis.call('HSET', KEYS[1], 'acked', ARGV[3])
          redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', acked)
        end
        if tonumber(ARGV[4]) > tonumber(redis.call('HGET', KEYS[1], 'inbound') or '0') then redis.call('HSET', KEYS[1], 'inbound', ARGV[4]) end
        if ARGV[6] ~= '' then redis.call('HSET', KEYS[1], 'token', ARGV[6]) end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[5]) end
        if redis.call('EXISTS', KEYS[3]) == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[5]) end
        return 1
        """;

    /// <summary>ARGV: epoch, group, 1 (join) or 0 (leave), ttl ms.</summary>
    public const string Group = """
        if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
        if ARGV[3] == '1' then redis.call('SADD', KEYS[3], ARGV[2]) else redis.call('SREM', KEYS[3], ARGV[2]) end
        redis.call('PEXPIRE', KEYS[3], ARGV[4])
        return 1
        """;

    /// <summary>
    /// ARGV: token hash, new token hash, hub, dialect, last received, new owner, ttl ms, resuming user ('' unknown).
    /// Returns {0} unknown or not matching, {1} ahead of sender, {2} behind the buffer, {4} another user's session
    /// (nothing changed), or {3, epoch, last, inbound, session, user, roles, frames, groups}.
    /// </summary>
    public const string TakeOver = """
        local f = redis.call('HMGET', KEYS[1], 'token', 'hub', 'dialect', 'last', 'acked', 'session', 'user', 'roles', 'inbound')
        if not f[1] or f[1] ~= ARGV[1] or f[2] ~= ARGV[3] or f[3] ~= ARGV[4] then return {0} end
        if ARGV[8] ~= '' and f[7] and f[7] ~= '' and f[7] ~= ARGV[8] then return {4} end
        local lr = tonumber(ARGV[5])
        if lr > tonumber(f[4] or '0') then return {1} end
        if lr < tonumber(f[5] or '0') then return {2} end
        local epoch = redis.call('HINCRBY', KEYS[1], 'epoch', 1)
        redis.call('HSET', KEYS[1], 'token', ARGV[2], 'owner', ARGV[6], 'acked', ARGV[5])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', lr)
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        local frames = redis.call('ZRANGE', KEYS[2], 0, -1)
        local groups = redis.call('SMEMBERS', KEYS[3])
        return {3, epoch, tonumber(f[4] or '0'), tonumber(f[9] or '0'), f[6] or '', f[7] or '', f[8] or '', frames, groups}
        """;

    /// <summary>ARGV: the new owner's epoch, inbound. The previous owner's final processed position (max wins).</summary>
    public const string Inbound = """
        if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
        if tonumber(ARGV[2]) > tonumber(redis.call('HGET', KEYS[1], 'inbound') or '0') then redis.call('HSET', KEYS[1], 'inbound', ARGV[2]) end
        return 1
        """;

    /// <summary>ARGV: epoch. Deletes the session unless another replica owns it.</summary>
    public const string Remove = """
        if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
        return 1
        """;
}
