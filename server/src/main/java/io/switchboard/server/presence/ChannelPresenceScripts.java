package io.switchboard.server.presence;

import io.switchboard.server.redis.RedisScript;

/**
 * The Lua scripts behind {@link RedisChannelPresence}. A channel's presence is two keys (see
 * {@link io.switchboard.server.redis.RedisKeys#channelPresence}): a hash of entries by session id, and a sorted set of
 * the same session ids scored with the time each entry expires (Redis's clock). Both keys expire with their last entry.
 */
final class ChannelPresenceScripts {
    private ChannelPresenceScripts() {
    }

    private static final String NOW = """
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            """;

    /** Adds or renews entries. KEYS: clients, expiry. ARGV: ttl (ms), then session id and entry pairs. */
    static final RedisScript ADD = RedisScript.of("channel-presence-add", NOW + """
            local expires = now() + tonumber(ARGV[1])
            for i = 2, #ARGV, 2 do
              redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
              redis.call('ZADD', KEYS[2], expires, ARGV[i])
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            return 1
            """);

    /** Removes entries. KEYS: clients, expiry. ARGV: session ids. */
    static final RedisScript REMOVE = RedisScript.of("channel-presence-remove", """
            for i = 1, #ARGV do
              redis.call('HDEL', KEYS[1], ARGV[i])
              redis.call('ZREM', KEYS[2], ARGV[i])
            end
            return 1
            """);

    /** Drops the expired entries and returns the others. KEYS: clients, expiry. */
    static final RedisScript READ = RedisScript.of("channel-presence-read", NOW + """
            local gone = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. now())
            for _, session in ipairs(gone) do redis.call('HDEL', KEYS[1], session) end
            if #gone > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. now()) end
            return redis.call('HVALS', KEYS[1])
            """);
}
