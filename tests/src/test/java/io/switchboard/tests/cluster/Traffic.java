package io.switchboard.tests.cluster;

import java.time.Duration;

/**
 * One kind of client traffic on a {@link Cluster}, with its own idea of what "nothing lost" means: channel
 * publications, device telemetry, per-user events (and, later, presence). Clients move to another node when theirs
 * goes away, as real ones would. The lifecycle reads in order: {@link #start()}, {@link #awaitProgress},
 * {@link #stopProducing()}, {@link #awaitDelivered}, {@link #assertNothingLost()}, {@link #close()}.
 */
interface Traffic extends AutoCloseable {
    /** Opens the clients and starts producing; returns once every consumer is in place. */
    void start();

    /** Waits until every producer has had {@code count} more items acked than when called; fails after {@code timeout}. */
    void awaitProgress(int count, Duration timeout);

    /** Stops producing: each producer finishes the item in hand (until it is acked) and stops; again, does nothing. */
    void stopProducing();

    /** Waits until every consumer has everything that was acked; fails after {@code timeout}. */
    void awaitDelivered(Duration timeout);

    /** Fails unless every acked item was stored or received as promised: once, in order. */
    void assertNothingLost();

    /** How many times its clients moved to another node. */
    int moves();

    /** Stops every client. */
    @Override
    void close();
}
