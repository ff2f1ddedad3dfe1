package io.switchboard.server.transport;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's accepted WebSockets whose credential has not been checked yet: those of endpoints that read it from
 * the first message. They are not sessions, so the gateway's limits do not count them, and each may send a frame
 * of the hard size before anything is known of it: this bounds how many there are at once.
 */
public final class UnauthenticatedSockets {
    private final int max;
    private final AtomicInteger held = new AtomicInteger();

    /** At most {@code max} at once. */
    public UnauthenticatedSockets(int max) {
        this.max = max;
    }

    /** Takes a place; false when all are taken (the caller closes the socket with 4102). */
    public boolean tryAcquire() {
        if (held.incrementAndGet() > max) {
            held.decrementAndGet();
            return false;
        }
        return true;
    }

    /** Gives back a place taken with {@link #tryAcquire()}, once the socket authenticated or closed. */
    public void release() {
        held.decrementAndGet();
    }

    /** Places taken now. */
    public int held() {
        return held.get();
    }

    /** The bound. */
    public int max() {
        return max;
    }
}
