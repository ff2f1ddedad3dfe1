package io.switchboard.server.presence;

import io.switchboard.protocol.Json;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Channel presence for many nodes, in Redis ({@link ChannelPresenceScripts}). Each node keeps its own sessions' entries
 * here too and renews them in Redis every third of {@code ttl}, so an entry outlives its node by at most {@code ttl},
 * and an entry whose add or remove failed while Redis was away is put right by the next renewal or its expiry.
 * Bounded by this node's subscriptions; a renewal sends at most {@link #BATCH} entries per script call.
 */
public final class RedisChannelPresence implements ChannelPresence {
    /** Entries per script call when renewing. */
    static final int BATCH = 500;
    private static final Logger LOG = LoggerFactory.getLogger(RedisChannelPresence.class);

    private final SharedRedis redis;
    private final RedisKeys keys;
    private final long ttlMillis;
    private final Map<String, Map<String, String>> local = new ConcurrentHashMap<>();
    private final long timer;

    private RedisChannelPresence(SharedRedis redis, Duration ttl) {
        this.redis = redis;
        this.keys = redis.keys();
        this.ttlMillis = ttl.toMillis();
        redis.load(ChannelPresenceScripts.ADD, ChannelPresenceScripts.REMOVE, ChannelPresenceScripts.READ);
        this.timer = redis.home().setPeriodic(Math.max(250, ttlMillis / 3), this::renew);
    }

    /** Presence on the node's Redis whose entries outlive their last renewal by {@code ttl} (at least 1 s). */
    public static RedisChannelPresence create(SharedRedis redis, Duration ttl) {
        if (ttl.toMillis() < 1_000) {
            throw new IllegalArgumentException("a presence ttl is at least 1 s, got " + ttl.toMillis() + " ms");
        }
        return new RedisChannelPresence(redis, ttl);
    }

    @Override
    public Future<Void> add(String channel, ChannelClient client) {
        String entry = Json.write(client.toJson());
        local.compute(channel, (c, clients) -> {
            Map<String, String> to = clients == null ? new ConcurrentHashMap<>() : clients;
            to.put(client.sessionId(), entry);
            return to;
        });
        return redis.eval(ChannelPresenceScripts.ADD, keys(channel), List.of(ttlMillis, client.sessionId(), entry)).mapEmpty();
    }

    @Override
    public Future<Void> remove(String channel, String sessionId) {
        local.computeIfPresent(channel, (c, clients) -> {
            clients.remove(sessionId);
            return clients.isEmpty() ? null : clients;
        });
        return redis.eval(ChannelPresenceScripts.REMOVE, keys(channel), List.of(sessionId)).mapEmpty();
    }

    @Override
    public Future<List<ChannelClient>> clients(String channel) {
        return redis.eval(ChannelPresenceScripts.READ, keys(channel), List.of()).map(RedisChannelPresence::clients);
    }

    @Override
    public Future<Void> close() {
        redis.home().cancelTimer(timer);
        return Future.succeededFuture();
    }

    private static List<ChannelClient> clients(Response values) {
        List<ChannelClient> out = new ArrayList<>(values.size());
        for (Response value : values) {
            try {
                out.add(ChannelClient.fromJson(Json.parse(value.toString())));
            } catch (RuntimeException e) {
                // An entry this version cannot read (another version wrote it) is left out, not allowed to fail the read.
            }
        }
        return out;
    }

    private void renew() {
        local.forEach((channel, clients) -> {
            List<Object> args = new ArrayList<>();
            args.add(ttlMillis);
            for (Map.Entry<String, String> e : clients.entrySet()) {
                args.add(e.getKey());
                args.add(e.getValue());
                if (args.size() > 2 * BATCH) {
                    send(channel, args);
                    args = new ArrayList<>();
                    args.add(ttlMillis);
                }
            }
            if (args.size() > 1) {
                send(channel, args);
            }
        });
    }

    private void send(String channel, List<Object> args) {
        redis.eval(ChannelPresenceScripts.ADD, keys(channel), args)
                .onFailure(e -> LOG.debug("channel presence of {} not renewed: {}", channel, e.toString()));
    }

    private List<String> keys(String channel) {
        return List.of(keys.channelPresence(channel), keys.channelPresenceExpiry(channel));
    }
}
