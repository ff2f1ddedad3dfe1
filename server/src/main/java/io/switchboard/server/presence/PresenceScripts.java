package io.switchboard.server.presence;

import io.switchboard.server.redis.RedisScript;

/**
 * The Lua scripts behind {@link RedisPresence}. Each runs as one step on Redis, so a user's transitions are decided
 * in one order for the whole deployment: the script that adds a user's first session anywhere reports them online,
 * the one that takes away their last reports them offline, and no other does. Keys (see
 * {@link io.switchboard.server.redis.RedisKeys}): {@code nodes}, a sorted set of node ids scored with the time
 * their entries expire; {@code n:<node>}, a hash of the node's sessions (session id to user id); {@code u:<user>},
 * a hash of the user's session count per node, absent while the user is offline. Times are Redis's clock.
 */
final class PresenceScripts {
    private PresenceScripts() {
    }

    private static final String COMMON = """
            local function now()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function live(nodes, node)
              local expires = redis.call('ZSCORE', nodes, node)
              return expires and tonumber(expires) >= now()
            end
            -- Takes one of the node's sessions from the user; true when the user has none left anywhere.
            local function drop(prefix, node, user)
              local key = prefix .. 'u:' .. user
              if redis.call('HINCRBY', key, node, -1) <= 0 then redis.call('HDEL', key, node) end
              return redis.call('EXISTS', key) == 0
            end
            """;

    /**
     * Renews a node's entries. KEYS: nodes. ARGV: node, ttl (ms). Returns 1 when the node was unknown or had
     * expired (another node may have reaped some of its sessions, so it must check them), 0 otherwise.
     */
    static final RedisScript RENEW = RedisScript.of("presence-renew", COMMON + """
            local t = now()
            local before = redis.call('ZSCORE', KEYS[1], ARGV[1])
            redis.call('ZADD', KEYS[1], t + tonumber(ARGV[2]), ARGV[1])
            if before and tonumber(before) >= t then return 0 end
            return 1
            """);

    /**
     * Records opened sessions. KEYS: nodes, n:<node>. ARGV: prefix, node, then session id and user id pairs.
     * Returns the users this made online; fails with {@code NOTLIVE} when the node's entries have expired (it
     * must renew first, or what it adds could outlive it).
     */
    static final RedisScript OPEN = RedisScript.of("presence-open", COMMON + """
            if not live(KEYS[1], ARGV[2]) then return redis.error_reply('NOTLIVE the node must renew its presence first') end
            local online = {}
            for i = 3, #ARGV, 2 do
              if redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1]) == 1 then
                local key = ARGV[1] .. 'u:' .. ARGV[i + 1]
                local first = redis.call('EXISTS', key) == 0
                redis.call('HINCRBY', key, ARGV[2], 1)
                if first then online[#online + 1] = ARGV[i + 1] end
              end
            end
            return online
            """);

    /** Records closed sessions. KEYS: n:<node>. ARGV: prefix, node, then session ids. Returns the users this made offline. */
    static final RedisScript CLOSE = RedisScript.of("presence-close", COMMON + """
            local offline = {}
            for i = 3, #ARGV do
              local user = redis.call('HGET', KEYS[1], ARGV[i])
              if user then
                redis.call('HDEL', KEYS[1], ARGV[i])
                if drop(ARGV[1], ARGV[2], user) then offline[#offline + 1] = user end
              end
            end
            return offline
            """);

    /**
     * Removes up to a batch of sessions of an expired node: the one named, or else the one that expired first.
     * KEYS: nodes. ARGV: prefix, batch, node or empty. Returns an empty list when there is no such node, else the
     * node followed by the users this made offline. The node leaves the set once its last session is gone, so a
     * node that dies while reaping or being reaped is finished by the next pass of any node.
     */
    static final RedisScript REAP = RedisScript.of("presence-reap", COMMON + """
            local node = ARGV[3]
            if node == '' then
              local dead = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. now(), 'LIMIT', 0, 1)
              if #dead == 0 then return {} end
              node = dead[1]
            elseif (not redis.call('ZSCORE', KEYS[1], node)) or live(KEYS[1], node) then
              return {}
            end
            local sessions = ARGV[1] .. 'n:' .. node
            local batch = tonumber(ARGV[2])
            local out = {node}
            local cursor = '0'
            local n = 0
            repeat
              local page = redis.call('HSCAN', sessions, cursor, 'COUNT', batch)
              cursor = page[1]
              local entries = page[2]
              for i = 1, #entries, 2 do
                redis.call('HDEL', sessions, entries[i])
                n = n + 1
                if drop(ARGV[1], node, entries[i + 1]) then out[#out + 1] = entries[i + 1] end
              end
            until cursor == '0' or n >= batch
            if redis.call('EXISTS', sessions) == 0 then redis.call('ZREM', KEYS[1], node) end
            return out
            """);

    /** Which users are online. KEYS: u:<user> for each. Returns 1 or 0 for each, in order. */
    static final RedisScript ONLINE = RedisScript.of("presence-online", """
            local out = {}
            for i, key in ipairs(KEYS) do out[i] = redis.call('EXISTS', key) end
            return out
            """);
}
