namespace AgentGuard;

/// <summary>The Lua scripts that make each decision's read-modify-write one atomic step on the server.</summary>
/// <remarks>StackExchange.Redis sends them as EVALSHA and falls back to EVAL when the server lost its script cache
/// (a restart), so each costs one round trip.</remarks>
internal static class RedisScripts
{
    /// <summary>Takes one permit from every window of a rate limit, or none. The windows are segmented like the in-memory
    /// store's: 60 one-second segments per minute, 60 one-minute segments per hour, kept as hash fields
    /// <c>m:{second}</c> and <c>h:{minute}</c> of one key; segments older than their window are deleted as they fall out,
    /// and the key expires when its longest window would be empty.</summary>
    /// <remarks>KEYS[1] the partition; ARGV: per-minute limit (-1 none), current second, per-hour limit (-1 none),
    /// current minute, expiry in ms. Returns 1, or {0, window, limit}.</remarks>
    public const string AcquireRate = """
        local ml = tonumber(ARGV[1])
        local ms = tonumber(ARGV[2])
        local hl = tonumber(ARGV[3])
        local hs = tonumber(ARGV[4])
        local fields = redis.call('HGETALL', KEYS[1])
        local msum, hsum = 0, 0
        local stale = {}
        for i = 1, #fields, 2 do
          local f = fields[i]
          local seg = tonumber(string.sub(f, 3))
          local n = tonumber(fields[i + 1])
          if string.sub(f, 1, 1) == 'm' then
            if seg > ms - 60 then msum = msum + n else stale[#stale + 1] = f end
          else
            if seg > hs - 60 then hsum = hsum + n else stale[#stale + 1] = f end
          end
        end
        if #stale > 0 then redis.call('HDEL', KEYS[1], unpack(stale)) end
        if ml >= 0 and msum >= ml then return {0, 'per_minute', ml} end
        if hl >= 0 and hsum >= hl then return {0, 'per_hour', hl} end
        if ml >= 0 then redis.call('HINCRBY', KEYS[1], 'm:' .. ARGV[2], 1) end
        if hl >= 0 then redis.call('HINCRBY', KEYS[1], 'h:' .. ARGV[4], 1) end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return 1
        """;

    /// <summary>Records a halt unless one is in force (the first reason stands) and tells every replica.</summary>
    /// <remarks>KEYS[1] the halt; ARGV: record, channel, message. Returns 1 when this call created the halt.</remarks>
    public const string SetHalt = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
          redis.call('PUBLISH', ARGV[2], ARGV[3])
          return 1
        end
        return 0
        """;

    /// <summary>Lifts a halt and tells every replica.</summary>
    /// <remarks>KEYS[1] the halt; ARGV: channel, message. Returns 1 when a halt was lifted.</remarks>
    public const string ClearHalt = """
        if redis.call('DEL', KEYS[1]) == 1 then
          redis.call('PUBLISH', ARGV[1], ARGV[2])
          return 1
        end
        return 0
        """;

    /// <summary>Compare-and-set of one session's behavior state, kept as hash fields <c>v</c> (a random version token)
    /// and <c>d</c> (the serialized state). Writes when the stored version is the expected one (empty: no state yet);
    /// otherwise returns the stored version and state so the caller can retry without another read.</summary>
    /// <remarks>KEYS[1] the session; ARGV: expected version, new version, new state, idle expiry in ms.
    /// Returns {1}, or {0, version, state} (version empty when there is none).</remarks>
    public const string CompareAndSetBehavior = """
        local cur = redis.call('HMGET', KEYS[1], 'v', 'd')
        local v = cur[1] or ''
        if v ~= ARGV[1] then
          return {0, v, cur[2] or ''}
        end
        redis.call('HSET', KEYS[1], 'v', ARGV[2], 'd', ARGV[3])
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        return {1}
        """;

    /// <summary>Stores a new credential handle (refusing a duplicate) and indexes it under its session.</summary>
    /// <remarks>KEYS[1] the handle, KEYS[2] the session's index; ARGV: binding, digest, lifetime in ms. Returns 1, or 0
    /// for a duplicate.</remarks>
    public const string AddHandle = """
        if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[3]) then
          return 0
        end
        redis.call('SADD', KEYS[2], ARGV[2])
        if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then
          redis.call('PEXPIRE', KEYS[2], ARGV[3])
        end
        return 1
        """;

    /// <summary>Revokes every handle of a session.</summary>
    /// <remarks>KEYS[1] the session's index; ARGV: the handle-key prefix. Returns how many live handles were revoked.</remarks>
    public const string RemoveSessionHandles = """
        local digests = redis.call('SMEMBERS', KEYS[1])
        local n = 0
        for _, d in ipairs(digests) do
          n = n + redis.call('DEL', ARGV[1] .. d)
        end
        redis.call('DEL', KEYS[1])
        return n
        """;
}
