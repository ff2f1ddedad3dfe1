package io.switchboard.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the wire scenario's subscribers count, from every event loop: the bytes their TCP sockets read (frame headers
 * included, as the network carried them) and the publications they got, both only inside the measured window so
 * that the two divide into bytes per delivery.
 */
final class WireStats {
    final LongAdder bytesInWindow = new LongAdder();
    final LongAdder deliveriesInWindow = new LongAdder();
    final LongAdder deliveriesTotal = new LongAdder();
    final LongAdder compressedFrames = new LongAdder();
    final LongAdder badFrames = new LongAdder();
    final AtomicInteger live = new AtomicInteger();
    private final Map<Integer, Long> closes = new TreeMap<>();
    private volatile long start = Long.MAX_VALUE;
    private volatile long end = Long.MAX_VALUE;

    /** Counts from {@code startNanos} to {@code endNanos} ({@code System.nanoTime()}). */
    void window(long startNanos, long endNanos) {
        start = startNanos;
        end = endNanos;
    }

    boolean inWindow(long now) {
        return now >= start && now < end;
    }

    /** A subscribed socket read {@code bytes} bytes at {@code now}. */
    void read(int bytes, long now) {
        if (inWindow(now)) {
            bytesInWindow.add(bytes);
        }
    }

    /** A subscribed socket got a publication (in a frame of {@code now}'s read). */
    void delivered(long now, boolean compressed) {
        deliveriesTotal.increment();
        if (compressed) {
            compressedFrames.increment();
        }
        if (inWindow(now)) {
            deliveriesInWindow.increment();
        }
    }

    synchronized void closed(int code) {
        closes.merge(code, 1L, Long::sum);
    }

    synchronized Map<Integer, Long> closes() {
        return new TreeMap<>(closes);
    }
}
