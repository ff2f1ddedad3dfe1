package io.switchboard.bench;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the inbox scenario's backend got the server to take, shared by its emitter loops: events committed (stored
 * mode) or accepted (push mode), those of them sent inside the measured window, each user's highest event number
 * (the {@code seq} the server gave, or the {@code n} the backend gave) that the server took, and the errors by
 * message. The sockets are drained to those highest numbers, and what they never reached is counted as lost.
 */
final class Emitted {
    private final Map<String, AtomicLong> highest = new ConcurrentHashMap<>();
    private final Map<String, Long> errors = new ConcurrentHashMap<>();
    private final AtomicLong taken = new AtomicLong();
    private final AtomicLong takenInWindow = new AtomicLong();

    /** {@code n} events taken by the server; {@code inWindow} when they were sent inside the measured window. */
    void taken(long n, boolean inWindow) {
        taken.addAndGet(n);
        if (inWindow) {
            takenInWindow.addAndGet(n);
        }
    }

    /** The server took {@code user}'s event number {@code number}. */
    void reached(String user, long number) {
        highest.computeIfAbsent(user, u -> new AtomicLong()).accumulateAndGet(number, Math::max);
    }

    /** The highest event number of {@code user} the server took, 0 when none. */
    long highest(String user) {
        AtomicLong h = highest.get(user);
        return h == null ? 0 : h.get();
    }

    void error(String message) {
        errors.merge(String.valueOf(message), 1L, Long::sum);
    }

    /** Forgets the counts (not the highest numbers): what was emitted before the measurement does not count. */
    void resetCounts() {
        taken.set(0);
        takenInWindow.set(0);
    }

    long taken() {
        return taken.get();
    }

    long takenInWindow() {
        return takenInWindow.get();
    }

    Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }
}
