package io.switchboard.server.apps.social;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.gateway.SessionKey;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * One socket's {@code send_message}s in the order the client sent them: each is stored and published only after the
 * one before it was. The store runs on a pool of workers, so without this two messages sent back to back could be
 * committed, and reach the room, the other way round. At most {@link #MAX_PENDING} wait; beyond that the client is
 * told to wait for its acks.
 */
final class OrderedSends {
    /** The session attribute that holds a socket's queue. */
    static final SessionKey<OrderedSends> ATTRIBUTE = SessionKey.of("social.orderedSends", OrderedSends.class);
    static final int MAX_PENDING = 64;

    private Future<?> tail = Future.succeededFuture();
    private int pending;

    /** Runs {@code next} once everything queued before it has completed, successfully or not. */
    synchronized <T> Future<T> then(Supplier<Future<T>> next) {
        if (pending >= MAX_PENDING) {
            return Future.failedFuture(new ProtocolException(ErrorCode.RATE_LIMITED,
                    MAX_PENDING + " messages are waiting to be stored; wait for their acks before sending more"));
        }
        pending++;
        Future<T> result = tail.transform(previous -> next.get());
        tail = result;
        result.onComplete(ar -> done());
        return result;
    }

    private synchronized void done() {
        pending--;
    }
}
