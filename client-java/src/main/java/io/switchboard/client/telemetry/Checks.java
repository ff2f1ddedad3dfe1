package io.switchboard.client.telemetry;

/** The static checks the value classes share; each throws {@link IllegalArgumentException} naming the field. */
final class Checks {
    private Checks() {
    }

    static double range(String field, double value, double limit) {
        if (!Double.isFinite(value) || value < -limit || value > limit) {
            throw new IllegalArgumentException(field + " must be from " + (int) -limit + " to " + (int) limit + ", got " + value);
        }
        return value;
    }

    static int seconds(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " must be from 0 to " + max + " seconds, got " + value);
        }
        return value;
    }
}
