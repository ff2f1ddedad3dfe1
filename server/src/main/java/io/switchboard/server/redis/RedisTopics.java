package io.switchboard.server.redis;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one pub/sub connection to Redis, shared by every part of the node that listens to topics. Each part
 * {@link #listen}s to the topics under its prefix; a topic is subscribed while at least one holder wants it:
 * {@link #add} and {@link #remove} are counted, and Redis is told on the first add and the last remove only. When the
 * connection comes back after a drop, every wanted topic is subscribed again and each listener hears which of its
 * topics were ({@link TopicListener#restored}: what was published on them meanwhile is lost).
 *
 * <p>A marker published to this node's own topic comes back on the subscription behind every message Redis sent it
 * before: {@link #caughtUp} tells when everything published before a moment has been passed on, and a heartbeat sends
 * one every few seconds; when it does not come back, both connections are dropped and reopened, so a connection that
 * stopped delivering without closing is noticed.
 *
 * <p>Messages reach the listeners on the home context, in the order Redis sent them.
 */
public final class RedisTopics {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTopics.class);
    private static final long HEARTBEAT_MS = 5_000;
    private static final long MARKER_TIMEOUT_MS = 10_000;
    private static final int MAX_MARKERS = 65_536;
    private static final int TOPICS_PER_SUBSCRIBE = 512;

    private final LoopContext home;
    private final RedisLink commands;
    private final RedisLink subscriber;
    private final String markerTopic;
    private final SubscribeConfirmations confirmations;
    private final List<Listening> listeners = new CopyOnWriteArrayList<>();
    // Touched on the home context only.
    private final Map<String, Integer> wanted = new HashMap<>();
    private final Map<String, Marker> markers = new HashMap<>();
    private RedisConnection subscription;
    private long markerCount;
    private boolean paused;
    private boolean heartbeatPending;
    private long heartbeatTimer = -1;

    /**
     * Topics on a connection from {@code client}, named {@code name} in Redis.
     *
     * @param home        the context every callback runs on
     * @param commands    the link markers are published through (its owner starts and closes it)
     * @param markerTopic a topic only this process subscribes to
     */
    RedisTopics(Redis client, LoopContext home, String name, RedisLink commands, String markerTopic) {
        this.home = home;
        this.commands = commands;
        this.markerTopic = markerTopic;
        this.confirmations = new SubscribeConfirmations(home, this::down);
        this.subscriber = new RedisLink(client, home, name, this::resubscribe, r -> home.execute(() -> onPush(r)),
                this::lost);
    }

    /**
     * Passes the messages on topics starting with {@code prefix} to {@code listener}. {@code backend} names, in the
     * errors of those topics, what is unreachable when the connection is down (for example "Redis").
     */
    public void listen(String prefix, String backend, TopicListener listener) {
        listeners.add(new Listening(prefix, backend, listener));
    }

    /** Connects; completes with the first attempt (failed attempts are retried in the background). */
    Future<Void> start() {
        home.execute(() -> heartbeatTimer = home.setPeriodic(HEARTBEAT_MS, this::heartbeat));
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
        home.execute(() -> {
            int count = wanted.merge(topic, 1, Integer::sum);
            Future<Void> pending = confirmations.pending(topic);
            if (count > 1 && pending != null) {
                pending.onComplete(done);
            } else if (subscription == null) {
                done.fail(down(topic));
            } else if (count > 1) {
                done.complete();
            } else {
                confirmations.subscribe(subscription, List.of(topic)).onComplete(done);
            }
        });
        return done.future();
    }

    /**
     * Where a wanted topic stands, without wanting it more: completes once Redis confirmed it, at once when it did
     * already, and fails with {@code unavailable} while the connection is down.
     */
    public Future<Void> subscribed(String topic) {
        Promise<Void> done = Promise.promise();
        home.execute(() -> {
            Future<Void> pending = confirmations.pending(topic);
            if (pending != null) {
                pending.onComplete(done);
            } else if (subscription == null) {
                done.fail(down(topic));
            } else {
                done.complete();
            }
        });
        return done.future();
    }

    /** Wants a topic once less; unsubscribes when nobody wants it any more. */
    public void remove(String topic) {
        home.execute(() -> {
            Integer left = wanted.computeIfPresent(topic, (t, n) -> n > 1 ? n - 1 : null);
            if (left == null && subscription != null) {
                RedisLink.send(subscription, Request.cmd(Command.UNSUBSCRIBE).arg(topic));
            }
        });
    }

    /**
     * Completes on the home context once every message Redis sent this node before now has been passed to its
     * listener (a marker published now comes back behind them): the listener of {@code topic} has heard everything
     * published on it before the call. Its callbacks run before any later message is passed on. Fails with
     * {@code unavailable} when the connection is down or Redis does not answer within 10 s.
     */
    public Future<Void> caughtUp(String topic) {
        Promise<Void> done = Promise.promise();
        home.execute(() -> {
            if (subscription == null || markers.size() >= MAX_MARKERS) {
                done.fail(down(topic));
                return;
            }
            String token = Long.toString(++markerCount, 36);
            long timer = home.setTimer(MARKER_TIMEOUT_MS, () -> {
                Marker m = markers.remove(token);
                if (m != null) {
                    m.done.tryFail(new ProtocolException(ErrorCode.UNAVAILABLE, "Redis is too slow to answer; try again later"));
                }
            });
            markers.put(token, new Marker(topic, done, timer));
            commands.send(Request.cmd(Command.PUBLISH).arg(markerTopic).arg(token)).onFailure(e -> home.execute(() -> {
                Marker m = markers.remove(token);
                if (m != null) {
                    home.cancelTimer(m.timer);
                    m.done.tryFail(e);
                }
            }));
        });
        return done.future();
    }

    /**
     * Stops reading from the connection, so Redis holds what this node cannot take yet (up to its pub/sub output
     * limit, then it drops the connection); no heartbeat is sent meanwhile. Until {@link #resume()} or a reconnect.
     */
    public void pause() {
        home.execute(() -> {
            if (!paused && subscription != null) {
                paused = true;
                subscription.pause();
            }
        });
    }

    /** Reads from the connection again after {@link #pause()}. */
    public void resume() {
        home.execute(() -> {
            if (paused && subscription != null) {
                paused = false;
                subscription.resume();
            }
        });
    }

    /** Stops the heartbeat and closes the subscription connection. */
    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        home.execute(() -> {
            if (heartbeatTimer >= 0) {
                home.cancelTimer(heartbeatTimer);
            }
            lost();
            subscriber.close().onComplete(ar -> done.complete());
        });
        return done.future();
    }

    /** Subscribes a new connection to the marker topic and every wanted topic. */
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
            paused = false;
            // Topics whose first holder came or whose last left while this connection was being prepared.
            for (String topic : snapshot) {
                if (!wanted.containsKey(topic)) {
                    RedisLink.send(c, Request.cmd(Command.UNSUBSCRIBE).arg(topic));
                }
            }
            List<String> added = new ArrayList<>();
            for (String topic : wanted.keySet()) {
                if (!snapshot.contains(topic)) {
                    added.add(topic);
                }
            }
            restored(snapshot);
            if (!added.isEmpty()) {
                // Their holders were told the connection was down: they hear of them like the others, once confirmed.
                confirmations.subscribe(c, added).onSuccess(x -> restored(Set.copyOf(added)));
            }
            return (Void) null;
        }).onFailure(e -> home.execute(this::lost));
    }

    private void restored(Set<String> topics) {
        for (Listening l : listeners) {
            Set<String> own = Set.copyOf(topics.stream().filter(t -> t.startsWith(l.prefix)).toList());
            if (!own.isEmpty()) {
                l.listener.restored(own);
            }
        }
    }

    private void onPush(Response r) {
        if (r == null || r.size() < 3) {
            return;
        }
        String kind = r.get(0).toString();
        String topic = r.get(1).toString();
        if ("message".equals(kind)) {
            if (topic.equals(markerTopic)) {
                markerArrived(r.get(2).toString());
            } else if (wanted.containsKey(topic)) {
                Listening l = listening(topic);
                if (l != null) {
                    l.listener.message(topic, r.get(2).toBytes());
                }
            }
        } else if ("subscribe".equals(kind)) {
            confirmations.confirmed(topic);
        }
    }

    private void markerArrived(String token) {
        Marker m = markers.remove(token);
        if (m != null) {
            home.cancelTimer(m.timer);
            m.done.tryComplete();
        }
    }

    private void heartbeat() {
        if (heartbeatPending || paused || subscription == null || !commands.up()) {
            return;
        }
        heartbeatPending = true;
        caughtUp(markerTopic).onComplete(ar -> home.execute(() -> {
            heartbeatPending = false;
            if (ar.failed() && commands.up() && subscriber.up()) {
                LOG.warn("Redis did not answer the heartbeat ({}); reconnecting", ar.cause().getMessage());
                commands.drop();
                subscriber.drop();
            }
        }));
    }

    /** The subscription connection is gone: whoever waits on it is told now, rather than at their timeout. */
    private void lost() {
        subscription = null;
        paused = false;
        confirmations.failAll();
        // Cleared first: a failed marker's callback may drop the connection again and come back here.
        List<Marker> waiting = new ArrayList<>(markers.values());
        markers.clear();
        waiting.forEach(m -> {
            home.cancelTimer(m.timer);
            m.done.tryFail(down(m.topic));
        });
    }

    private Listening listening(String topic) {
        for (Listening l : listeners) {
            if (topic.startsWith(l.prefix)) {
                return l;
            }
        }
        return null;
    }

    private ProtocolException down(String topic) {
        Listening l = listening(topic);
        String backend = l == null ? "Redis" : l.backend;
        return new ProtocolException(ErrorCode.UNAVAILABLE, backend + " is unreachable; try again later");
    }

    private record Listening(String prefix, String backend, TopicListener listener) {
    }

    private record Marker(String topic, Promise<Void> done, long timer) {
    }
}
