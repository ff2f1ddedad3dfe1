package io.switchboard.tests.cluster;

import java.time.Duration;
import java.util.List;

/**
 * Several kinds of {@link Traffic} on one cluster at once, driven together: every client streams while the test
 * kills, stops or restarts things, and at the end each kind checks that nothing it was promised went missing.
 */
final class Workload implements AutoCloseable {
    private final List<Traffic> parts;

    Workload(List<Traffic> parts) {
        this.parts = List.copyOf(parts);
    }

    /** Starts every part. */
    void start() {
        parts.forEach(Traffic::start);
    }

    /** Waits until every producer of every part has had {@code count} more items acked. */
    void awaitProgress(int count, Duration timeout) {
        parts.forEach(p -> p.awaitProgress(count, timeout));
    }

    /**
     * Stops producing, waits until every consumer has what was acked, and checks that nothing was lost; checks every
     * part even when one fails, and reports the first failure with the others attached.
     */
    void finishAndAssertNothingLost(Duration deliveryTimeout) {
        parts.forEach(Traffic::stopProducing);
        AssertionError failed = null;
        for (Traffic part : parts) {
            try {
                part.awaitDelivered(deliveryTimeout);
                part.assertNothingLost();
            } catch (AssertionError e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** How many times clients moved to another node, over every part. */
    int moves() {
        return parts.stream().mapToInt(Traffic::moves).sum();
    }

    @Override
    public void close() {
        parts.forEach(Traffic::close);
    }
}
