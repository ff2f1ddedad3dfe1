package io.switchboard.client.cli;

import java.util.Arrays;

/** Send-to-ack latencies, for percentiles at the end. Thread-safe. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int count;

    synchronized void add(long value) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = value;
    }

    synchronized int count() {
        return count;
    }

    /** The {@code p}-th percentile (0 to 100) in milliseconds, or NaN when empty. */
    synchronized double percentileMillis(double p) {
        if (count == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))] / 1_000_000.0;
    }

    /** {@code p50 1.23  p90 …  p99 …  max …} in milliseconds. */
    String summary() {
        return String.format("p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms (n=%d)", percentileMillis(50), percentileMillis(90),
                percentileMillis(99), percentileMillis(100), count());
    }
}
