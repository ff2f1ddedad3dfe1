package io.switchboard.server.broker;

import io.switchboard.server.redis.RedisScript;

/**
 * The Lua scripts behind {@link RedisChannelHistory}. Each runs as one step on Redis, so publications on one channel
 * from any node get their offsets, their place in the log and their delivery in one order. Keys (see
 * {@link io.switchboard.server.redis.RedisKeys#meta} and {@link io.switchboard.server.redis.RedisKeys#log}): a
 * channel's hash with its epoch and latest offset, and its list of publications, each with the time it was taken.
 */
final class HistoryScripts {
    private HistoryScripts() {
    }

    /** Trims entries older than {@code oldest} from the head of a history log (entries start with their time). */
    private static final String TRIM = """
            local function trim(log, oldest)
              while true do
                local first = redis.call('LINDEX', log, 0)
                if not first then return end
                if tonumber(string.match(first, '^(%d+)')) >= oldest then return end
                redis.call('LPOP', log)
              end
            end
            local function clock(given)
              local now = tonumber(given)
              if now >= 0 then return now end
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function stream(meta, log, candidate)
              local epoch = redis.call('HGET', meta, 'epoch')
              if not epoch then
                epoch = candidate
                redis.call('HSET', meta, 'epoch', epoch, 'offset', 0)
                redis.call('DEL', log)
              end
              return epoch
            end
            """;

    /**
     * Assigns the next offset, appends, trims by size and age, refreshes the expiries and publishes, as one step.
     * KEYS: meta, log. ARGV: now (ms, or -1 for Redis's clock), size, age (ms), idle expiry (ms), a new epoch in
     * case the stream has none, the publication's body, the topic. Returns {offset, epoch}.
     */
    static final RedisScript APPEND = RedisScript.of("append", TRIM + """
            local now = clock(ARGV[1])
            local epoch = stream(KEYS[1], KEYS[2], ARGV[5])
            local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
            local payload = string.format('%d', offset) .. '\\n' .. epoch .. '\\n' .. ARGV[6]
            redis.call('RPUSH', KEYS[2], string.format('%d', now) .. '\\n' .. payload)
            redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
            trim(KEYS[2], now - tonumber(ARGV[3]))
            redis.call('PEXPIRE', KEYS[1], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            redis.call('PUBLISH', ARGV[7], payload)
            return {offset, epoch}
            """);

    /**
     * Reads a stream's position and, when asked, the publications after an offset of an epoch. KEYS: meta, log.
     * ARGV: now (ms, or -1), age (ms, 0 for no trim), idle expiry (ms), a new epoch in case the stream has none,
     * then either {@code position} or {@code recover}, epoch, offset, max. Returns {offset, epoch} for a position;
     * {offset, epoch, recovered (0 or 1), payloads...} for a recovery.
     */
    static final RedisScript READ = RedisScript.of("read", TRIM + """
            local epoch = stream(KEYS[1], KEYS[2], ARGV[4])
            local last = tonumber(redis.call('HGET', KEYS[1], 'offset'))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            if ARGV[5] == 'position' then return {last, epoch} end
            if tonumber(ARGV[2]) > 0 then trim(KEYS[2], clock(ARGV[1]) - tonumber(ARGV[2])) end
            local missed = last - tonumber(ARGV[7])
            if epoch ~= ARGV[6] or missed < 0 or missed > tonumber(ARGV[8]) then return {last, epoch, 0} end
            if missed == 0 then return {last, epoch, 1} end
            if redis.call('LLEN', KEYS[2]) < missed then return {last, epoch, 0} end
            local out = {last, epoch, 1}
            for _, entry in ipairs(redis.call('LRANGE', KEYS[2], -missed, -1)) do
              out[#out + 1] = string.sub(entry, string.find(entry, '\\n', 1, true) + 1)
            end
            return out
            """);

    /**
     * Reads part of a stream for the server API. The log holds consecutive offsets ending at the latest, so the wanted
     * entries are one range of it. KEYS: meta, log. ARGV: now (ms, or -1), age (ms, 0 for no trim), idle expiry (ms),
     * a new epoch in case the stream has none, after (offset, 0 for the oldest), before (offset, 0 for the newest),
     * limit, reverse (1 or 0). Returns {offset, epoch, payloads...}, newest first when reverse.
     */
    static final RedisScript PAGE = RedisScript.of("page", TRIM + """
            local epoch = stream(KEYS[1], KEYS[2], ARGV[4])
            local last = tonumber(redis.call('HGET', KEYS[1], 'offset'))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            if tonumber(ARGV[2]) > 0 then trim(KEYS[2], clock(ARGV[1]) - tonumber(ARGV[2])) end
            local len = redis.call('LLEN', KEYS[2])
            local out = {last, epoch}
            if len == 0 then return out end
            local first = last - len + 1
            local limit = tonumber(ARGV[7])
            local from, to
            if ARGV[8] == '1' then
              local before = tonumber(ARGV[6])
              to = len - 1
              if before > 0 then to = math.min(to, before - 1 - first) end
              from = math.max(0, to - limit + 1)
            else
              from = math.max(0, tonumber(ARGV[5]) + 1 - first)
              to = math.min(len - 1, from + limit - 1)
            end
            if to < from then return out end
            local entries = redis.call('LRANGE', KEYS[2], from, to)
            if ARGV[8] == '1' then
              for i = #entries, 1, -1 do
                out[#out + 1] = string.sub(entries[i], string.find(entries[i], '\\n', 1, true) + 1)
              end
            else
              for _, entry in ipairs(entries) do
                out[#out + 1] = string.sub(entry, string.find(entry, '\\n', 1, true) + 1)
              end
            end
            return out
            """);
}
