package io.switchboard.client.realtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A channel subscription of a {@link SwitchboardChannels} client. It lives across reconnects: after each one the
 * client subscribes again with {@code recover} and the last position processed, so a channel with history delivers
 * what was missed before the live stream, each publication once. It ends with {@link #unsubscribe()}, or when the
 * server ends it ({@link SubscriptionListener#onUnsubscribed}).
 */
public final class Subscription {
    private final SwitchboardChannels client;
    private final String channel;
    final SubscriptionListener listener;
    final SubscriptionTokenSupplier tokenSupplier;

    // Owned by the client's thread; the position is also read by the app.
    private volatile String epoch;
    private volatile long offset = -1;
    private volatile boolean active;
    boolean inFlight;
    int retries;
    /** The subscription token in use, or null. */
    String token;
    java.util.concurrent.ScheduledFuture<?> tokenTimer;
    final List<CompletableFuture<Subscription>> waiters = new ArrayList<>();
    /** The base of the next delta when the subscription asked for deltas, else null. */
    final DeltaBase delta;

    Subscription(SwitchboardChannels client, String channel, SubscriptionListener listener, SubscriptionOptions options) {
        this.client = client;
        this.channel = channel;
        this.listener = listener;
        this.tokenSupplier = options.tokenSupplier();
        this.delta = options.delta() ? new DeltaBase() : null;
        StreamPosition from = options.position();
        if (from != null) {
            this.epoch = from.epoch();
            this.offset = from.offset();
        }
    }

    /** The channel. */
    public String channel() {
        return channel;
    }

    /**
     * The last position processed (or the one the server gave when subscribing), or null on a channel without history.
     * Keep it across app restarts and pass it to {@link SwitchboardChannels#subscribe(String, StreamPosition,
     * SubscriptionListener)} to recover from there.
     */
    public StreamPosition position() {
        String e = epoch;
        long o = offset;
        return e == null || o < 0 ? null : StreamPosition.of(e, o);
    }

    /** Whether the server acknowledged the subscription on the current connection. */
    public boolean isActive() {
        return active;
    }

    /** Stops the subscription; it is not renewed again. Completes when the server acks (at once when not connected). */
    public CompletableFuture<Void> unsubscribe() {
        return client.unsubscribe(channel);
    }

    // ---- the client's thread ----

    boolean hasPosition() {
        return epoch != null && offset >= 0;
    }

    String epoch() {
        return epoch;
    }

    long offset() {
        return offset;
    }

    void moveTo(String epoch, long offset) {
        this.epoch = epoch;
        this.offset = offset;
    }

    /** On the current session or not; off also stops the token's refresh timer. */
    void active(boolean active) {
        this.active = active;
        if (!active && tokenTimer != null) {
            tokenTimer.cancel(false);
            tokenTimer = null;
        }
    }

    /**
     * Takes a frame's position; false when it was processed already (a duplicate from a recovery to drop). A frame of
     * another epoch than the one held starts the new history.
     */
    boolean accept(String frameEpoch, long frameOffset) {
        if (hasPosition() && frameEpoch.equals(epoch) && frameOffset <= offset) {
            return false;
        }
        moveTo(frameEpoch, frameOffset);
        return true;
    }

    void complete() {
        List<CompletableFuture<Subscription>> w = new ArrayList<>(waiters);
        waiters.clear();
        for (CompletableFuture<Subscription> f : w) {
            f.complete(this);
        }
    }

    void fail(Throwable error) {
        List<CompletableFuture<Subscription>> w = new ArrayList<>(waiters);
        waiters.clear();
        for (CompletableFuture<Subscription> f : w) {
            f.completeExceptionally(error);
        }
    }

    @Override
    public String toString() {
        return "Subscription{" + channel + (hasPosition() ? " @" + position() : "") + (active ? ", active" : "") + "}";
    }
}
