package io.switchboard.server.apps.accounts;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The per-username part of login throttling, built so that it cannot be turned against the account's owner: a
 * fixed number of failures per username would let anyone lock a user out by failing from many addresses. Instead,
 * after {@code freeFailures} failed logins in a row the username backs off exponentially: the next attempt from an
 * address the user has not signed in from must wait {@code firstDelay}, then twice that after the next failure,
 * up to {@code maxDelay}. An address the user registered or signed in from passes the back-off (its own attempts
 * are still limited per address and per username and address), and a correct password resets the count.
 *
 * <p>At most {@code maxUsernames} usernames are tracked, the least recently seen forgotten first, each with up to
 * {@link #KNOWN_ADDRESSES} addresses. Thread-safe (logins are handled on every event loop).
 */
final class UsernameBackoff {
    /** Addresses remembered per username, the least recently used forgotten first. */
    static final int KNOWN_ADDRESSES = 16;

    private final int freeFailures;
    private final long firstDelayNanos;
    private final long maxDelayNanos;
    private final Map<String, State> states;

    private static final class State {
        int failures;
        long lastFailureNanos;
        final Set<String> known = new LinkedHashSet<>();
    }

    UsernameBackoff(int freeFailures, long firstDelayNanos, long maxDelayNanos, int maxUsernames) {
        this.freeFailures = freeFailures;
        this.firstDelayNanos = firstDelayNanos;
        this.maxDelayNanos = maxDelayNanos;
        this.states = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, State> eldest) {
                return size() > maxUsernames;
            }
        };
    }

    /** Seconds {@code address} must still wait before trying {@code username}; 0 when it may try now. */
    synchronized long waitSeconds(String username, String address, long nowNanos) {
        State state = states.get(username);
        if (state == null || state.failures < freeFailures || state.known.contains(address)) {
            return 0;
        }
        long waited = nowNanos - state.lastFailureNanos;
        long remaining = delayNanos(state.failures) - waited;
        return remaining <= 0 ? 0 : Math.max(1, TimeUnit.NANOSECONDS.toSeconds(remaining + TimeUnit.SECONDS.toNanos(1) - 1));
    }

    /** A wrong password (or unknown username) for {@code username}. */
    synchronized void failed(String username, long nowNanos) {
        State state = states.computeIfAbsent(username, k -> new State());
        state.failures++;
        state.lastFailureNanos = nowNanos;
    }

    /** The right password from {@code address} (or a registration there): the address is known, the count reset. */
    synchronized void succeeded(String username, String address) {
        State state = states.computeIfAbsent(username, k -> new State());
        state.failures = 0;
        state.known.remove(address);
        state.known.add(address);
        if (state.known.size() > KNOWN_ADDRESSES) {
            state.known.remove(state.known.iterator().next());
        }
    }

    /** The wait after {@code failures} failures in a row: doubling from the first delay, capped. */
    private long delayNanos(int failures) {
        int doublings = Math.min(failures - freeFailures, 62);
        long delay = firstDelayNanos;
        for (int i = 0; i < doublings && delay < maxDelayNanos; i++) {
            delay *= 2;
        }
        return Math.min(delay, maxDelayNanos);
    }
}
