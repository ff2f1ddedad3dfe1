package io.switchboard.server.redis;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.time.Duration;
import java.util.List;

/**
 * The Redis that the nodes of a deployment share channels, history, presence and user events through.
 *
 * @param url         {@code redis://[user:password@]host[:port][/db]}, or {@code redis-sentinel://} /
 *                    {@code redis-cluster://} (see {@link RedisAddress}); null for one node with everything in memory
 * @param prefix      what every Redis key and topic of this deployment starts with, so that several share a Redis
 * @param nodeId      this process's name among the nodes (Redis presence, connection names); null for a random one
 *                    at each start. Unique per running process
 * @param presenceTtl how long a node's presence outlives its last renewal, so a node that dies takes its users
 *                    offline within this plus a third of it
 */
public record RedisSettings(String url, String prefix, String nodeId, Duration presenceTtl) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("redis", null, "Redis shared by the nodes: redis://[user:password@]host[:port][/db], redis-sentinel://… or redis-cluster://…; unset: one node, in memory"),
            new SettingKey("redis-prefix", "sb", "what every Redis key and topic of this deployment starts with"),
            new SettingKey("node-id", null, "this process's name among the nodes (1 to 32 of A-Za-z0-9_-.); unset: random at each start"),
            new SettingKey("presence-ttl", "15s", "with redis: how long a node's presence outlives its last renewal; at least 1s"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link InvalidSettingException} naming the first bad one. */
    public static RedisSettings from(SettingValues v) {
        String nodeId = v.string("node-id", null);
        return new RedisSettings(url(v.string("redis", null)), name("redis-prefix", v.string("redis-prefix", "sb")),
                nodeId == null ? null : name("node-id", nodeId),
                v.duration("presence-ttl", Duration.ofSeconds(15), Duration.ofSeconds(1)));
    }

    /** Whether the node shares its state through Redis rather than keeping it in memory. */
    public boolean enabled() {
        return url != null;
    }

    /** The keys and topics of this deployment. */
    public RedisKeys keys() {
        return new RedisKeys(prefix);
    }

    private static String url(String url) {
        if (url == null) {
            return null;
        }
        try {
            RedisAddress.parse(url);
        } catch (IllegalArgumentException e) {
            // The parser's message never holds the URL itself: it may hold a password.
            throw new InvalidSettingException("redis", e.getMessage());
        }
        return url;
    }

    private static String name(String key, String value) {
        if (!RedisKeys.valid(value)) {
            throw new InvalidSettingException(key, "must be 1 to 32 letters, digits, _ - or .");
        }
        return value;
    }
}
