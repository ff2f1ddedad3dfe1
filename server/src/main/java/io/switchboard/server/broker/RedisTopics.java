package io.switchboard.server.broker;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pub/sub topics this node listens to, on a subscription connection of their own. A topic is subscribed while at
 * least one holder wants it: {@link #add} and {@link #remove} are counted, and Redis is told on the first add and
 * the last remove only. When the connection comes back after a drop, every wanted topic is subscribed again and
 * {@code onResubscribed} hears which (what was published on them meanwhile is lost). A marker published to this
 * node's own topic every few seconds must come back on the subscription, or both connections are dropped and
 * reopened: a connection that stopped delivering without closing is noticed.
 *
 * <p>Messages reach {@code onMessage} on the home context, in the order Redis sent them.
 */
public final class RedisTopics {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTopics.class);
    private static final long HEARTBEAT_MS = 5_000;
    private static final int TOPICS_PER_SUBSCRIBE = 512;

    private final ContextInternal home;
    private final SubscribeConfirmations confirmations;
    private final RedisLink commands;
    private final RedisLink subscriber;
    private final String markerTopic;
    private final BiConsumer<String, byte[]> onMessage;
    private final Consumer<Set<String>> onResubscribed;
    // Touched on the home context only.
    private final Map<String, Integer> wanted = new HashMap<>();
    private RedisConnection subscription;
    private String marker;
    private long markerSentAt;
    private long markerCount;
    private long heartbeatTimer = -1;

    /**
     * Topics on connections from {@code client}, named {@code name} in Redis.
     *
     * @param home           the context every callback runs on
     * @param commands       the link markers are published through (its owner starts and closes it)
     * @param markerTopic    a topic only this node subscribes to
     * @param onMessage      receives each message: its topic and payload
     * @param onResubscribed hears the topics subscribed again after the connection came back
     */
    public RedisTopics(Redis client, ContextInternal home, String name, RedisLink commands, String markerTopic,
                       BiConsumer<String, byte[]> onMessage, Consumer<Set<String>> onResubscribed) {
        this.home = home;
        this.confirmations = new SubscribeConfirmations(this.home, RedisTopics::down);
        this.commands = commands;
        this.markerTopic = markerTopic;
        this.onMessage = onMessage;
        this.onResubscribed = onResubscribed;
        this.subscriber = new RedisLink(client, home, name, this::resubscribe, r -> home.execute(r, this::onPush),
                this::lost);
    }

    /** Connects; completes with the first attempt (failed attempts are retried in the background). */
    public Future<Void> start() {
        home.execute(v -> heartbeatTimer = home.owner().setPeriodic(HEARTBEAT_MS, t -> home.execute(x -> heartbeat())));
        return subscriber.start();
    }

    /** Whether the subscription connection is up. */
    public boolean up() {
        return subscriber.up();
    }

    /**
     * Wants a topic once more; completes once Redis confirmed the subscription, or fails with {@code unavailable}
     * when the connection is down (the topic stays wanted and is subscribed when it comes back).
     */
    public Future<Void> add(String topic) {
        Promise<Void> done = Promise.promise();
        home.execute(v -> {
            int count = wanted.merge(topic, 1, Integer::sum);
            Future<Void> pending = confirmations.pending(topic);
            if (count > 1 && pending != null) {
                pending.onComplete(done);
            } else if (subscription == null) {
                done.fail(down());
            } else if (count > 1) {
                done.complete();
            } else {
                confirmations.subscribe(subscription, List.of(topic)).onComplete(done);
            }
        });
        return done.future();
    }

    /** Wants a topic once less; unsubscribes when nobody wants it any more. */
    public void remove(String topic) {
        home.execute(v -> {
            Integer left = wanted.computeIfPresent(topic, (t, n) -> n > 1 ? n - 1 : null);
            if (left == null && subscription != null) {
                RedisBroker.send(subscription, Request.cmd(Command.UNSUBSCRIBE).arg(topic));
            }
        });
    }

    /** Stops and closes the subscription connection. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        home.execute(v -> {
            if (heartbeatTimer >= 0) {
                home.owner().cancelTimer(heartbeatTimer);
            }
            lost();
            subscriber.close().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    private Future<Void> resubscribe(RedisConnection c) {
        Set<String> snapshot = Set.copyOf(wanted.keySet());
        List<String> topics = new ArrayList<>(snapshot.size() + 1);
        topics.add(markerTopic);
        topics.addAll(snapshot);
        List<Future<Void>> confirmed = new ArrayList<>();
        for (int i = 0; i < topics.size(); i += TOPICS_PER_SUBSCRIBE) {
            confirmed.add(confirmations.subscribe(c, topics.subList(i, Math.min(topics.size(), i + TOPICS_PER_SUBSCRIBE))));
        }
        return Future.all(confirmed).map(v -> {
            subscription = c;
            marker = null;
            // Topics whose first holder came or whose last left while this connection was being prepared.
            for (String topic : snapshot) {
                if (!wanted.containsKey(topic)) {
                    RedisBroker.send(c, Request.cmd(Command.UNSUBSCRIBE).arg(topic));
                }
            }
            List<String> added = new ArrayList<>();
            for (String topic : wanted.keySet()) {
                if (!snapshot.contains(topic)) {
                    added.add(topic);
                }
            }
            onResubscribed.accept(snapshot);
            if (!added.isEmpty()) {
                // Their holders were told the connection was down: they hear of them like the others, once confirmed.
                confirmations.subscribe(c, added).onSuccess(x -> onResubscribed.accept(Set.copyOf(added)));
            }
            return (Void) null;
        }).onFailure(e -> home.execute(v -> lost()));
    }


    private void onPush(Response r) {
        if (r == null || r.size() < 3) {
            return;
        }
        String kind = r.get(0).toString();
        String topic = r.get(1).toString();
        if ("message".equals(kind)) {
            if (topic.equals(markerTopic)) {
                if (r.get(2).toString().equals(marker)) {
                    marker = null;
                }
            } else if (wanted.containsKey(topic)) {
                onMessage.accept(topic, r.get(2).toBytes());
            }
        } else if ("subscribe".equals(kind)) {
            confirmations.confirmed(topic);
        }
    }

    private void heartbeat() {
        if (subscription == null || !commands.up()) {
            return;
        }
        long now = System.currentTimeMillis();
        if (marker != null) {
            if (now - markerSentAt > 2 * HEARTBEAT_MS) {
                LOG.warn("Redis did not deliver the heartbeat marker on {}; reconnecting", markerTopic);
                marker = null;
                commands.drop();
                subscriber.drop();
            }
            return;
        }
        String token = Long.toString(++markerCount, 36);
        marker = token;
        markerSentAt = now;
        commands.send(Request.cmd(Command.PUBLISH).arg(markerTopic).arg(token)).onFailure(e -> home.execute(v -> {
            if (token.equals(marker)) {
                marker = null;
            }
        }));
    }

    /** The subscription connection is gone: whoever waits on it is told now. */
    private void lost() {
        subscription = null;
        marker = null;
        ProtocolException down = down();
        confirmations.failAll();
    }

    private static ProtocolException down() {
        return new ProtocolException(ErrorCode.UNAVAILABLE, "Redis is unreachable; try again later");
    }
}
