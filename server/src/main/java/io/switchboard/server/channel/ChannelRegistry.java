package io.switchboard.server.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.broker.ChannelHistory;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.Recovery;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.outbound.FrameTarget;
import io.switchboard.server.outbound.LoopWriter;
import io.switchboard.server.outbound.FrameKind;
import io.switchboard.server.outbound.PublicationFrames;
import io.switchboard.server.outbound.WebSocketFrames;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's subscriptions: channel to local subscribers. It asks the broker for a channel on the first local
 * subscriber and lets go on the last, and fans each publication out by handing the same encoded bytes to
 * every local subscriber. A subscriber that recovers missed publications from a channel's history gets them,
 * and the live ones that arrive meanwhile, in offset order with no duplicate and no gap.
 */
public final class ChannelRegistry {
    private final Map<String, Members> subscribers = new ConcurrentHashMap<>();
    private final Broker broker;
    private final Metrics metrics;

    /** A registry that receives the broker's publications. */
    public ChannelRegistry(Broker broker, Metrics metrics) {
        this.broker = broker;
        this.metrics = metrics;
        broker.listener(this::fanOut);
    }

    /**
     * Adds a subscriber to the fan-out behind {@code gate}; completes when the broker delivers the channel to this
     * node. The subscriber and its gate enter the fan-out together: a publication finds either neither or both.
     */
    private Future<Void> attach(String channel, Subscriber subscriber, RecoveryGate gate, boolean delta) {
        Members members = subscribers.compute(channel, (k, m) -> {
            if (m == null) {
                // Asked under the channel's lock, so the broker sees a channel's subscribes and unsubscribes in order.
                m = new Members(channel, broker.subscribe(channel));
            }
            m.add(subscriber, gate, delta);
            return m;
        });
        // Every subscriber waits for the broker, not only the first: one that read the history while the node's
        // subscription was still on its way would miss what was published between the read and the subscription.
        return members.subscribed;
    }

    /**
     * Subscribes a subscriber and records it in the subscriber's channel set, so the subscription ends with the
     * subscriber. Used by the {@code subscribe} handler and by app endpoints that subscribe on the client's behalf.
     */
    public Future<Void> subscribe(Subscriber subscriber, String channel) {
        return subscribe(subscriber, channel, false);
    }

    /**
     * As {@link #subscribe(Subscriber, String)}; with {@code delta} a subscriber that takes encoded frames is sent each
     * publication as a Fossil delta against the previous one when it was sent that one and the delta is smaller.
     */
    public Future<Void> subscribe(Subscriber subscriber, String channel, boolean delta) {
        if (subscriber.isClosed() || !subscriber.channels().add(channel)) {
            return Future.succeededFuture();
        }
        // A subscription the broker could not make (its backplane is down) is not kept: the client subscribes again.
        return attach(channel, subscriber, RecoveryGate.OPEN, delta).recover(e -> {
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
        return subscribe(subscriber, channel, epoch, offset, max, false);
    }

    /** As {@link #subscribe(Subscriber, String, String, long, int)}, with deltas once live (never for what it recovers). */
    public Future<Recovery> subscribe(Subscriber subscriber, String channel, String epoch, long offset, int max,
                                      boolean delta) {
        if (subscriber.isClosed() || !subscriber.channels().add(channel)) {
            return broker.history().position(channel).map(p -> new Recovery(false, p, java.util.List.of()));
        }
        RecoveryGate gate = new RecoveryGate(subscriber);
        return attach(channel, subscriber, gate, delta)
                .compose(v -> broker.history().recover(channel, epoch, offset, max))
                .transform(ar -> {
                    Recovery recovery = ar.succeeded() ? ar.result() : null;
                    StreamPosition now = recovery == null ? null : gate.finish(recovery);
                    if (now == null) {
                        if (subscriber.channels().remove(channel)) {
                            unsubscribe(channel, subscriber);
                        }
                        return Future.failedFuture(ar.failed() ? ar.cause() : new ProtocolException(ErrorCode.UNAVAILABLE,
                                "channel " + channel + " is too busy to recover now; subscribe again", "data.channel"));
                    }
                    // The gate is open: a fan-out that still finds it delivers directly, the next ones skip it.
                    Members members = subscribers.get(channel);
                    if (members != null) {
                        members.open(subscriber, gate);
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
        subscribers.computeIfPresent(channel, (k, m) -> {
            removed[0] = m.remove(subscriber);
            if (m.size() == 0) {
                broker.unsubscribe(channel);
                return null;
            }
            return m;
        });
        return removed[0];
    }

    /** Publishes through the broker to every subscriber on every node. */
    public Future<Void> publish(Publication publication) {
        return broker.publish(publication);
    }

    /** The local subscribers of a channel now, at most {@code max} of them. */
    public java.util.List<Subscriber> subscribers(String channel, int max) {
        Members m = subscribers.get(channel);
        if (m == null) {
            return java.util.List.of();
        }
        Members.View v = m.view;
        java.util.List<Subscriber> out = new java.util.ArrayList<>(Math.min(max, v.size));
        for (Members.Group g : v.groups) {
            for (int i = 0; i < g.count && out.size() < max; i++) {
                if (g.targets[i] instanceof Subscriber s) {
                    out.add(s);
                }
            }
        }
        for (int i = 0; i < v.othersCount && out.size() < max; i++) {
            out.add(v.others[i]);
        }
        for (int i = 0; i < v.deltaCount && out.size() < max; i++) {
            out.add(v.deltas[i].subscriber);
        }
        for (Subscriber s : v.recovering.keySet()) {
            if (out.size() >= max) {
                break;
            }
            out.add(s);
        }
        return out;
    }

    /**
     * The channels with local subscribers whose names {@code filter} accepts, with how many each has here, at most
     * {@code max} of them.
     */
    public Map<String, Integer> activeChannels(java.util.function.Predicate<String> filter, int max) {
        Map<String, Integer> out = new java.util.TreeMap<>();
        for (Map.Entry<String, Members> e : subscribers.entrySet()) {
            if (out.size() >= max) {
                break;
            }
            int n = e.getValue().size();
            if (n > 0 && filter.test(e.getKey())) {
                out.put(e.getKey(), n);
            }
        }
        return out;
    }

    /** Number of channels with local subscribers. */
    public int channelCount() {
        return subscribers.size();
    }

    /** Number of local subscribers of a channel. */
    public int subscriberCount(String channel) {
        Members m = subscribers.get(channel);
        return m == null ? 0 : m.size();
    }

    private void fanOut(Publication publication) {
        Members m = subscribers.get(publication.channel());
        if (m == null) {
            return;
        }
        // One snapshot: a subscriber is either live or recovering in it, never both, and joins with its gate.
        Members.View view = m.view;
        int n = 0;
        if (!view.recovering.isEmpty()) {
            for (Map.Entry<Subscriber, RecoveryGate> e : view.recovering.entrySet()) {
                if (!e.getValue().hold(publication)) {
                    e.getKey().deliver(publication);
                }
                n++;
            }
        }
        for (int i = 0; i < view.othersCount; i++) {
            view.others[i].deliver(publication);
            n++;
        }
        if (view.groups.length == 0 && view.deltaCount == 0) {
            m.chain.clear();
            metrics.fanOutDeliveries(n);
            return;
        }
        // Each kind of frame the live groups take is encoded once, when the first group of that kind is reached.
        ByteBuf[] frames = new ByteBuf[FrameKind.COUNT];
        int batched = 0;
        try {
            for (Members.Group g : view.groups) {
                if (g.count == 0) {
                    continue;
                }
                ByteBuf frame = frame(frames, publication, g.kind);
                g.writer.fanOut(publication.channel(), g.targets, g.count, frame, PublicationFrames.cost(frame));
                batched += g.count;
            }
            if (view.deltaCount > 0) {
                n += fanOutDeltas(m.chain, publication, frames, view.deltas, view.deltaCount);
            } else {
                m.chain.clear();
            }
        } finally {
            for (ByteBuf frame : frames) {
                if (frame != null) {
                    frame.release();
                }
            }
        }
        if (batched > 0) {
            metrics.delivered(batched);
        }
        metrics.fanOutDeliveries(n + batched);
    }

    /** The frame of {@code kind} for the publication, encoded on first use into {@code frames}. */
    private static ByteBuf frame(ByteBuf[] frames, Publication publication, int kind) {
        ByteBuf frame = frames[kind];
        if (frame == null) {
            frame = frames[kind] = PublicationFrames.encode(ByteBufAllocator.DEFAULT, publication, kind);
        }
        return frame;
    }

    /**
     * Sends a publication to the subscribers that asked for deltas: the delta frame ({@link FrameKind#DELTA}, encoded
     * once into {@code frames}) to those that were sent the channel's previous publication, the full JSON frame (the
     * one the other JSON subscribers share) to the others; each once per event loop. A publication no history keeps
     * (join, leave) goes full and leaves the chain as it was.
     */
    private int fanOutDeltas(DeltaChain chain, Publication publication, ByteBuf[] frames, DeltaSlot[] slots, int count) {
        boolean[] hasBase = new boolean[count];
        int deltas = 0;
        if (!publication.isEphemeral()) {
            long before = chain.number();
            byte[] delta = chain.next(publication);
            long now = chain.number();
            for (int i = 0; i < count; i++) {
                hasBase[i] = delta != null && slots[i].last == before;
                slots[i].last = now;
                deltas += hasBase[i] ? 1 : 0;
            }
            if (deltas > 0) {
                frames[FrameKind.DELTA] = WebSocketFrames.text(ByteBufAllocator.DEFAULT, delta);
                LoopTargets.write(publication.channel(), slots, count, hasBase, true, frames[FrameKind.DELTA]);
                metrics.deltasSent(deltas);
            }
        }
        if (deltas < count) {
            LoopTargets.write(publication.channel(), slots, count, hasBase, false, frame(frames, publication, FrameKind.JSON));
        }
        metrics.delivered(count);
        return count;
    }

    /** The targets of one event loop that get the same frame of one publication. */
    private static final class LoopTargets {
        FrameTarget[] targets;
        int count;

        /**
         * Hands {@code frame}, a publication of {@code channel}, to the writer of each event loop among the slots whose
         * {@code hasBase} is {@code which}, with arrays of the exact size (the writer keeps them until the loop ran).
         */
        static void write(String channel, DeltaSlot[] slots, int n, boolean[] hasBase, boolean which, ByteBuf frame) {
            Map<LoopWriter, LoopTargets> byLoop = new java.util.IdentityHashMap<>(4);
            for (int i = 0; i < n; i++) {
                if (hasBase[i] == which) {
                    byLoop.computeIfAbsent(slots[i].target.writer(), w -> new LoopTargets()).count++;
                }
            }
            for (int i = 0; i < n; i++) {
                if (hasBase[i] == which) {
                    LoopTargets t = byLoop.get(slots[i].target.writer());
                    if (t.targets == null) {
                        t.targets = new FrameTarget[t.count];
                        t.count = 0;
                    }
                    t.targets[t.count++] = slots[i].target;
                }
            }
            int cost = PublicationFrames.cost(frame);
            for (Map.Entry<LoopWriter, LoopTargets> e : byLoop.entrySet()) {
                e.getKey().fanOut(channel, e.getValue().targets, e.getValue().count, frame, cost);
            }
        }
    }

    /**
     * A channel's local subscribers and the broker's subscription to the channel that they all wait for. The live
     * subscribers that take encoded frames are grouped by the writer of their event loop and the {@link FrameKind}
     * they take the channel in, so a publication costs one encoding per kind and one entry per loop and kind; those recovering wait behind their {@link RecoveryGate} until they join the live ones.
     * Changed under its lock into a new {@link View}, read without a lock: a channel is published to far more often
     * than it is joined or left.
     */
    private static final class Members {
        private static final Group[] NO_GROUPS = {};
        private static final Subscriber[] NO_SUBSCRIBERS = {};
        private static final DeltaSlot[] NO_SLOTS = {};

        final String channel;
        final Future<Void> subscribed;
        /** The delta state, used on the channel's delivery lane only. */
        final DeltaChain chain = new DeltaChain();
        volatile View view = new View(NO_GROUPS, NO_SUBSCRIBERS, 0, Map.of(), 0, NO_SLOTS, 0);
        /** The recovering subscribers that asked for deltas once live; changed under the lock. */
        private final java.util.Set<Subscriber> deltaOnceLive = new java.util.HashSet<>();

        Members(String channel, Future<Void> subscribed) {
            this.channel = channel;
            this.subscribed = subscribed;
        }

        int size() {
            return view.size;
        }

        synchronized void add(Subscriber subscriber, RecoveryGate gate, boolean delta) {
            View v = view;
            if (gate != RecoveryGate.OPEN) {
                Map<Subscriber, RecoveryGate> recovering = new HashMap<>(v.recovering);
                recovering.put(subscriber, gate);
                if (delta) {
                    deltaOnceLive.add(subscriber);
                }
                view = new View(v.groups, v.others, v.othersCount, Map.copyOf(recovering), v.size + 1, v.deltas,
                        v.deltaCount);
            } else {
                view = withLive(v, subscriber, channel, v.recovering, v.size + 1, delta);
            }
        }

        /** The recovering subscriber's gate is open: it joins the live ones (unless it left meanwhile). */
        synchronized void open(Subscriber subscriber, RecoveryGate gate) {
            View v = view;
            if (v.recovering.get(subscriber) != gate) {
                return;
            }
            Map<Subscriber, RecoveryGate> recovering = new HashMap<>(v.recovering);
            recovering.remove(subscriber);
            view = withLive(v, subscriber, channel, Map.copyOf(recovering), v.size, deltaOnceLive.remove(subscriber));
        }

        synchronized boolean remove(Subscriber subscriber) {
            View v = view;
            if (v.recovering.containsKey(subscriber)) {
                Map<Subscriber, RecoveryGate> recovering = new HashMap<>(v.recovering);
                recovering.remove(subscriber);
                deltaOnceLive.remove(subscriber);
                view = new View(v.groups, v.others, v.othersCount, Map.copyOf(recovering), v.size - 1, v.deltas,
                        v.deltaCount);
                return true;
            }
            for (int i = 0; i < v.deltaCount; i++) {
                if (v.deltas[i].subscriber == subscriber) {
                    view = new View(v.groups, v.others, v.othersCount, v.recovering, v.size - 1,
                            without(v.deltas, v.deltaCount, i, DeltaSlot[]::new), v.deltaCount - 1);
                    return true;
                }
            }
            if (subscriber instanceof FrameTarget target) {
                for (int gi = 0; gi < v.groups.length; gi++) {
                    Group g = v.groups[gi];
                    // Looked for in every group of its writer: the kind it was added with is not asked again.
                    int at = g.writer == target.writer() ? indexOf(g.targets, g.count, target) : -1;
                    if (at >= 0) {
                        Group[] groups = v.groups.clone();
                        groups[gi] = new Group(g.writer, g.kind, without(g.targets, g.count, at, FrameTarget[]::new),
                                g.count - 1);
                        view = new View(groups, v.others, v.othersCount, v.recovering, v.size - 1, v.deltas,
                                v.deltaCount);
                        return true;
                    }
                }
                return false;
            }
            int at = indexOf(v.others, v.othersCount, subscriber);
            if (at < 0) {
                return false;
            }
            view = new View(v.groups, without(v.others, v.othersCount, at, Subscriber[]::new), v.othersCount - 1,
                    v.recovering, v.size - 1, v.deltas, v.deltaCount);
            return true;
        }

        private static View withLive(View v, Subscriber subscriber, String channel,
                                     Map<Subscriber, RecoveryGate> recovering, int size, boolean delta) {
            if (delta && subscriber instanceof FrameTarget target) {
                // A new slot has no publication yet: its first is sent full.
                return new View(v.groups, v.others, v.othersCount, recovering, size,
                        appended(v.deltas, v.deltaCount, new DeltaSlot(subscriber, target)), v.deltaCount + 1);
            }
            if (subscriber instanceof FrameTarget target) {
                int kind = target.frameKind(channel);
                if (kind < 0 || kind >= FrameKind.COUNT) {
                    throw new IllegalArgumentException("frame kind " + kind + " of " + subscriber);
                }
                Group[] groups = v.groups;
                int gi = 0;
                while (gi < groups.length && (groups[gi].writer != target.writer() || groups[gi].kind != kind)) {
                    gi++;
                }
                if (gi == groups.length) {
                    groups = java.util.Arrays.copyOf(groups, groups.length + 1);
                    groups[gi] = new Group(target.writer(), kind, new FrameTarget[4], 0);
                } else {
                    groups = groups.clone();
                }
                Group g = groups[gi];
                groups[gi] = new Group(g.writer, g.kind, appended(g.targets, g.count, target), g.count + 1);
                return new View(groups, v.others, v.othersCount, recovering, size, v.deltas, v.deltaCount);
            }
            return new View(v.groups, appended(v.others, v.othersCount, subscriber), v.othersCount + 1, recovering, size,
                    v.deltas, v.deltaCount);
        }

        /**
         * The array with {@code item} at {@code count}: in place when there is room, since no snapshot reads past its
         * own count and a removal always makes a new array; else a copy twice the size.
         */
        private static <T> T[] appended(T[] items, int count, T item) {
            T[] to = count < items.length ? items : java.util.Arrays.copyOf(items, Math.max(4, count * 2));
            to[count] = item;
            return to;
        }

        private static <T> T[] without(T[] items, int count, int at, java.util.function.IntFunction<T[]> make) {
            T[] to = make.apply(Math.max(4, count));
            System.arraycopy(items, 0, to, 0, at);
            System.arraycopy(items, at + 1, to, at, count - at - 1);
            return to;
        }

        private static int indexOf(Object[] items, int count, Object item) {
            for (int i = 0; i < count; i++) {
                if (items[i] == item) {
                    return i;
                }
            }
            return -1;
        }

        /**
         * The live subscribers of one event loop's writer that take the channel in one {@link FrameKind}: the first
         * {@code count} of {@code targets}.
         */
        record Group(LoopWriter writer, int kind, FrameTarget[] targets, int count) {
        }

        /**
         * Who gets a publication now: the live subscribers by writer, those that take frames one by one, those
         * recovering with their gates, and the live ones that asked for deltas. Never changed once made, but for the
         * free slots past each array's count.
         */
        record View(Group[] groups, Subscriber[] others, int othersCount, Map<Subscriber, RecoveryGate> recovering,
                    int size, DeltaSlot[] deltas, int deltaCount) {
        }
    }
}
