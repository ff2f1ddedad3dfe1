package io.switchboard.client;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The client's states and what moves it between them, with the time spent in each. Transitions:
 * <pre>
 *   STOPPED --start--> CONNECTING --socket up--> CONNECTED_WEBSOCKET
 *   CONNECTED_WEBSOCKET --socket down, reconnect at once--> CONNECTING
 *   CONNECTING | CONNECTED_WEBSOCKET --socket down--> SENDING_HTTP (or OFFLINE when HTTP failed last)
 *   SENDING_HTTP --HTTP failed--> OFFLINE --HTTP worked--> SENDING_HTTP
 *   SENDING_HTTP | OFFLINE --socket up--> CONNECTED_WEBSOCKET
 *   any --stop (close, fatal refusal)--> STOPPED, for good
 * </pre>
 * Also the reconnect policy: which close codes end the client, which reconnect at once, which back off.
 * Thread-safe; the listener is called outside the lock, on the thread that caused the change.
 */
final class ConnectionStateMachine {
    private final LongSupplier nanoClock;
    private final BiConsumer<ConnectionState, ConnectionState> listener;
    private final Map<ConnectionState, Long> nanosIn = new EnumMap<>(ConnectionState.class);
    private ConnectionState state = ConnectionState.STOPPED;
    private long enteredAt;
    private boolean started;
    private boolean stopped;
    private boolean httpHealthy = true;

    ConnectionStateMachine(LongSupplier nanoClock, BiConsumer<ConnectionState, ConnectionState> listener) {
        this.nanoClock = nanoClock;
        this.listener = listener;
        this.enteredAt = nanoClock.getAsLong();
    }

    /** Whether a socket close with this code ends the client: the do-not-reconnect range, 4000–4099. */
    static boolean isFatal(int closeCode) {
        return closeCode >= 4000 && closeCode < 4100;
    }

    /**
     * How long to wait before reopening the socket after a close with {@code closeCode}, the {@code attempt}-th in a
     * row (0 for the first): -1 for never (fatal), 0 for at once (4200–4299 on the first attempt), else the backoff.
     */
    static long reconnectDelayMillis(int closeCode, int attempt, Backoff backoff, double random) {
        if (isFatal(closeCode)) {
            return -1;
        }
        if (closeCode >= 4200 && closeCode < 4300 && attempt == 0) {
            return 0;
        }
        return backoff.delayMillis(attempt, random);
    }

    /** STOPPED to CONNECTING; only once. */
    void start() {
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("the client was started already");
            }
            started = true;
        }
        move(ConnectionState.CONNECTING);
    }

    /** The socket session is established. */
    void socketUp() {
        move(ConnectionState.CONNECTED_WEBSOCKET);
    }

    /** The socket closed (4200–4299, a dead heartbeat, the app's request) and is reopened at once: messages wait. */
    void reconnectingAtOnce() {
        move(ConnectionState.CONNECTING);
    }

    /** The socket closed or could not open (not fatally), and is retried after a backoff. */
    void socketDown() {
        boolean healthy;
        synchronized (this) {
            healthy = httpHealthy;
        }
        move(healthy ? ConnectionState.SENDING_HTTP : ConnectionState.OFFLINE);
    }

    /** A fallback request got an answer. */
    void httpSucceeded() {
        synchronized (this) {
            httpHealthy = true;
            if (state != ConnectionState.OFFLINE) {
                return;
            }
        }
        move(ConnectionState.SENDING_HTTP);
    }

    /** A fallback request failed (no connection, a 5xx, a timeout). */
    void httpFailed() {
        synchronized (this) {
            httpHealthy = false;
            if (state != ConnectionState.SENDING_HTTP) {
                return;
            }
        }
        move(ConnectionState.OFFLINE);
    }

    /** To STOPPED, for good. */
    void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
        }
        move(ConnectionState.STOPPED);
        synchronized (this) {
            stopped = true;
        }
    }

    synchronized ConnectionState current() {
        return state;
    }

    synchronized boolean stopped() {
        return stopped;
    }

    /** Milliseconds spent in {@code s} so far, the current stay included. */
    synchronized long millisIn(ConnectionState s) {
        long total = nanosIn.getOrDefault(s, 0L);
        if (state == s) {
            total += nanoClock.getAsLong() - enteredAt;
        }
        return total / 1_000_000;
    }

    private void move(ConnectionState next) {
        ConnectionState previous;
        synchronized (this) {
            if (stopped || state == next) {
                return;
            }
            long now = nanoClock.getAsLong();
            nanosIn.merge(state, now - enteredAt, Long::sum);
            enteredAt = now;
            previous = state;
            state = next;
        }
        listener.accept(previous, next);
    }
}
