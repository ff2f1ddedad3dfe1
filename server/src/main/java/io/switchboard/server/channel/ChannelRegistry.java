package io.switchboard.server.channel;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.broker.ChannelHistory;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.Recovery;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.Future;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's subscriptions: channel to local subscribers. It asks the broker for a channel on the first local
 * subscriber and lets go on the last, and fans each publication out by handing the same encoded bytes to
 * every local subscriber. A subscriber that recovers missed publications from a channel's history gets them,
 * and the live ones that arrive meanwhile, in offset order with no duplicate and no gap.
 */
public final class ChannelRegistry {
    private final Map<String, Set<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final Map<String, Map<Subscriber, RecoveryGate>> recovering = new ConcurrentHashMap<>();
    private final Broker broker;
    private final Metrics metrics;

    /** A registry that receives the broker's publications. */
    public ChannelRegistry(Broker broker, Metrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
        broker.listener(this::fanOut);
    }

    /** Adds a subscriber to the fan-out; completes when the broker delivers the channel to this node. */
    private Future<Void> attach(String channel, Subscriber subscriber) {
        @SuppressWarnings("unchecked")
        Future<Void>[] asked = new Future[] {Future.succeededFuture()};
        subscribers.compute(channel, (k, set) -> {
            if (set == null) {
                set = ConcurrentHashMap.newKeySet();
                // Asked under the channel's lock, so the broker sees a channel's subscribes and unsubscribes in order.
                asked[0] = broker.subscribe(channel);
            }
            set.add(subscriber);
            return set;
        });
        return asked[0];
    }

    /**
     * Subscribes a subscriber and records it in the subscriber's channel set, so the subscription ends with the
     * subscriber. Used by the {@code subscribe} handler and by app endpoints that subscribe on the client's behalf.
     */
    public Future<Void> subscribe(Subscriber subscriber, String channel) {
        if (subscriber.isClosed() || !subscriber.channels().add(channel)) {
            return Future.succeededFuture();
        }
        // A subscription the broker could not make (its backplane is down) is not kept: the client subscribes again.
        return attach(channel, subscriber).recover(e -> {
            if (subscriber.channels().remove(channel)) {
                unsubscribe(channel, subscriber);
            }
            return Future.failedFuture(e);
        });
    }

    /**
     * Subscribes a subscriber to a channel that keeps history, first handing it the publications after
     * {@code offset} of {@code epoch} when the history still holds them all (at most {@code max}), then every
     * live one, in offset order, each once. Completes after the recovered publications were handed to the
     * subscriber, with whether they were recovered and the position the subscriber is now at. Fails with
     * {@code unavailable} (and no subscription) when the channel was too busy to stitch the two together.
     */
    public Future<Recovery> subscribe(Subscriber subscriber, String channel, String epoch, long offset, int max) {
        if (subscriber.isClosed() || !subscriber.channels().add(channel)) {
            return broker.history().position(channel).map(p -> new Recovery(false, p, java.util.List.of()));
        }
        RecoveryGate gate = new RecoveryGate(subscriber);
        recovering.computeIfAbsent(channel, k -> new ConcurrentHashMap<>()).put(subscriber, gate);
        return attach(channel, subscriber)
                .compose(v -> broker.history().recover(channel, epoch, offset, max))
                .transform(ar -> {
                    Recovery recovery = ar.succeeded() ? ar.result() : null;
                    StreamPosition now = recovery == null ? null : gate.finish(recovery);
                    recovering.computeIfPresent(channel, (k, gates) -> {
                        gates.remove(subscriber);
                        return gates.isEmpty() ? null : gates;
                    });
                    if (now == null) {
                        if (subscriber.channels().remove(channel)) {
                            unsubscribe(channel, subscriber);
                        }
                        return Future.failedFuture(ar.failed() ? ar.cause() : new ProtocolException(ErrorCode.UNAVAILABLE,
                                "channel " + channel + " is too busy to recover now; subscribe again", "data.channel"));
                    }
                    return Future.succeededFuture(new Recovery(recovery.recovered(), now, java.util.List.of()));
                });
    }

    /** The channel's history position, for a subscriber that starts from now. */
    public Future<StreamPosition> position(String channel) {
        return broker.history().position(channel);
    }

    /** The broker's channel history. */
    public ChannelHistory history() {
        return broker.history();
    }

    /** Removes a subscriber; returns whether it was subscribed. */
    public boolean unsubscribe(String channel, Subscriber subscriber) {
        boolean[] removed = {false};
        subscribers.computeIfPresent(channel, (k, set) -> {
            removed[0] = set.remove(subscriber);
            if (set.isEmpty()) {
                broker.unsubscribe(channel);
                return null;
            }
            return set;
        });
        return removed[0];
    }

    /** Publishes through the broker to every subscriber on every node. */
    public Future<Void> publish(Publication publication) {
        return broker.publish(publication);
    }

    /** Number of local subscribers of a channel. */
    public int subscriberCount(String channel) {
        Set<Subscriber> set = subscribers.get(channel);
        return set == null ? 0 : set.size();
    }

    private void fanOut(Publication publication) {
        Set<Subscriber> set = subscribers.get(publication.channel());
        if (set == null) {
            return;
        }
        // Nearly always null: only a channel with a subscriber recovering right now pays for the lookups.
        Map<Subscriber, RecoveryGate> gates = recovering.get(publication.channel());
        byte[] frame = publication.frame();
        int n = 0;
        for (Subscriber s : set) {
            RecoveryGate gate = gates == null ? null : gates.get(s);
            if (gate == null || !gate.hold(publication)) {
                s.deliver(frame);
            }
            n++;
        }
        metrics.fanOutDeliveries(n);
    }
}
