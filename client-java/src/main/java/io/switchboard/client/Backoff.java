package io.switchboard.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter, capped: attempt {@code n} (from 0) waits
 * {@code min(max, initial × multiplier^n) × (1 − jitter × r)} for a random {@code r} in [0, 1). With the defaults
 * (1 s, 30 s, ×2, jitter 0.5) the waits are about 1 s, 2 s, 4 s … (the seed's schedule), each shortened by up to
 * half so that many phones cut off together do not come back together. Immutable.
 */
public final class Backoff {
    /** 1 s, then doubling up to 30 s, jitter 0.5. */
    public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.5);

    private final long initialMillis;
    private final long maxMillis;
    private final double multiplier;
    private final double jitter;

    /**
     * A backoff.
     *
     * @param initial    the first wait (at least 1 ms)
     * @param max        the longest wait (at least {@code initial})
     * @param multiplier the growth per attempt (at least 1)
     * @param jitter     the share of each wait that is random, from 0 (none) to 1 (anything from 0 to the wait)
     */
    public Backoff(Duration initial, Duration max, double multiplier, double jitter) {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.toMillis() < 1) {
            throw new IllegalArgumentException("initial must be at least 1 ms");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max must be at least initial");
        }
        if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
            throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, got " + jitter);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.multiplier = multiplier;
        this.jitter = jitter;
    }

    /** The wait before attempt {@code attempt} (0 for the first retry) for the random draw {@code random} in [0, 1). */
    public long delayMillis(int attempt, double random) {
        double base = initialMillis * Math.pow(multiplier, Math.max(0, attempt));
        double capped = Math.min(maxMillis, base);
        return Math.round(capped * (1.0 - jitter * random));
    }

    /** The wait before attempt {@code attempt} without jitter: the most {@link #delayMillis} can return. */
    public long ceilingMillis(int attempt) {
        return delayMillis(attempt, 0.0);
    }

    /** The first wait. */
    public Duration initial() {
        return Duration.ofMillis(initialMillis);
    }

    /** The longest wait. */
    public Duration max() {
        return Duration.ofMillis(maxMillis);
    }

    /** The growth per attempt. */
    public double multiplier() {
        return multiplier;
    }

    /** The random share of each wait. */
    public double jitter() {
        return jitter;
    }

    @Override
    public String toString() {
        return "Backoff{initial=" + initialMillis + "ms, max=" + maxMillis + "ms, multiplier=" + multiplier + ", jitter=" + jitter + "}";
    }
}
