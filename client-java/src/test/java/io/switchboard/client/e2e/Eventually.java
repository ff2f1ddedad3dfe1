package io.switchboard.client.e2e;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition, polling; fails with a description when it does not come true in time. */
public final class Eventually {
    private Eventually() {
    }

    /** Waits up to {@code timeout} for {@code condition}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what, e);
            }
        }
    }
}
