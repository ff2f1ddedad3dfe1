package io.switchboard.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the subscribers saw, shared by all event loops: counters, the publish-to-deliver latency (an HdrHistogram
 * {@link Recorder}, whose writers never block), and the server's close codes.
 *
 * <p>The measured window is defined on the publisher's clock: a message whose {@code t} (the publisher's
 * {@code System.nanoTime()} when it sent it) falls in {@code [start, end)} is a measured message; its deliveries
 * count towards "received" and its latency is recorded whenever it arrives, also during the drain. The
 * deliveries per second are counted by arrival time inside the window.
 */
final class DeliveryStats {
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;
    private volatile boolean stopping;
    private volatile DeliveryListener listener;
    private AtomicIntegerArray ring;
    private AtomicIntegerArray ringTarget;

    final Recorder latencyMicros = new Recorder(3);
    final LongAdder receivedTotal = new LongAdder();
    final LongAdder receivedOfWindow = new LongAdder();
    final LongAdder arrivedInWindow = new LongAdder();
    final LongAdder gaps = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final AtomicInteger live = new AtomicInteger();
    private final Map<Integer, LongAdder> serverCloses = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> teardownCloses = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> subscriberErrors = new ConcurrentHashMap<>();

    /** Called by the subscriber that completes a message's fan-out (delivery-window mode). */
    interface DeliveryListener {
        void fannedOut(long seq);
    }

    void window(long start, long end) {
        windowStart = start;
        windowEnd = end;
    }

    long windowStart() {
        return windowStart;
    }

    long windowEnd() {
        return windowEnd;
    }

    /** Tracks, per message, how many subscribers got it, so that the publisher can wait for full fan-out. */
    void trackFanOut(int slots, DeliveryListener l) {
        ring = new AtomicIntegerArray(slots);
        ringTarget = new AtomicIntegerArray(slots);
        listener = l;
    }

    /** The publisher is about to send {@code seq}: reset its slot. */
    void sending(long seq) {
        if (ring != null) {
            int slot = slot(seq);
            ring.set(slot, 0);
            ringTarget.set(slot, live.get());
        }
    }

    /** Subscribers that have {@code seq} (delivery-window mode). */
    int fanOutCount(long seq) {
        return ring == null ? 0 : ring.get(slot(seq));
    }

    private int slot(long seq) {
        return (int) Math.floorMod(seq, (long) ring.length());
    }

    /**
     * A benchmark message that reached one subscriber whose last message was {@code lastSeq} (0 before the first):
     * its {@code seq} and {@code t} are read from the bytes, a jump counts the missing messages as gaps, a repeat or
     * a step back as a duplicate. Returns the subscriber's new last seq. Every protocol's subscriber counts through
     * here, so that their loss, duplicate and order figures mean the same.
     */
    long arrived(io.vertx.core.buffer.Buffer frame, long lastSeq, long now) {
        long seq = Frames.longField(frame, Frames.SEQ);
        long sent = Frames.longField(frame, Frames.SENT);
        if (seq == Long.MIN_VALUE || sent == Long.MIN_VALUE) {
            badFrames.increment();
            return lastSeq;
        }
        if (seq > lastSeq + 1 && lastSeq > 0) {
            gaps.add(seq - lastSeq - 1);
        } else if (seq <= lastSeq) {
            duplicates.increment();
        }
        delivered(seq, sent, now);
        return Math.max(lastSeq, seq);
    }

    /** One delivery of message {@code seq} sent at {@code sentNanos}, arrived at {@code now}. */
    void delivered(long seq, long sentNanos, long now) {
        receivedTotal.increment();
        long start = windowStart;
        long end = windowEnd;
        if (now >= start && now < end) {
            arrivedInWindow.increment();
        }
        if (sentNanos >= start && sentNanos < end) {
            receivedOfWindow.increment();
            latencyMicros.recordValue(Math.max(0, (now - sentNanos) / 1_000));
        }
        AtomicIntegerArray r = ring;
        if (r != null) {
            int slot = slot(seq);
            if (r.incrementAndGet(slot) == ringTarget.get(slot)) {
                listener.fannedOut(seq);
            }
        }
    }

    /**
     * Counts a subscriber socket that closed: one fewer live subscriber if it was subscribed, and its close code as
     * the server's or as the teardown's. Returns the code (1006 when the close frame had none).
     */
    int socketClosed(io.vertx.core.http.WebSocket socket, boolean wasSubscribed, boolean closedByUs) {
        if (wasSubscribed) {
            live.decrementAndGet();
        }
        Short status = socket.closeStatusCode();
        int code = status == null ? 1006 : status;
        if (stopping) {
            teardownClosed(code);
        } else if (!closedByUs) {
            serverClosed(code);
        }
        return code;
    }

    void serverClosed(int code) {
        if (!stopping) {
            serverCloses.computeIfAbsent(code, c -> new LongAdder()).increment();
        }
    }

    /** The code a socket ended with while the run was being torn down (the client had asked to close). */
    void teardownClosed(int code) {
        teardownCloses.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    Map<Integer, Long> teardownCloses() {
        Map<Integer, Long> out = new TreeMap<>();
        teardownCloses.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    void subscriberError(String code) {
        subscriberErrors.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    void stopping() {
        stopping = true;
    }

    boolean isStopping() {
        return stopping;
    }

    Map<Integer, Long> serverCloses() {
        Map<Integer, Long> out = new TreeMap<>();
        serverCloses.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    Map<String, Long> subscriberErrors() {
        Map<String, Long> out = new TreeMap<>();
        subscriberErrors.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    Histogram latency() {
        return latencyMicros.getIntervalHistogram();
    }
}
