package io.switchboard.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one ingest run: acked (committed) messages per second and send-to-ack latency, with what the
 * server's group-commit writer did meanwhile. Printed as a short table and as one JSON line.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record IngestResult(
        String scenario,
        String label,
        String date,
        String transport,
        String mix,
        int devices,
        int devicesReady,
        int window,
        double warmupSeconds,
        double durationSeconds,
        long sent,
        long acked,
        long ackedInWindow,
        double ackedPerSecond,
        Map<String, Long> errors,
        FanoutResult.Latency ackLatency,
        Map<Integer, Long> serverCloses,
        double meanBatchSize,
        double meanCommitMillis,
        FanoutResult.Cpu cpu) {

    /** A few lines for people. */
    String humanTable() {
        StringBuilder b = new StringBuilder();
        row(b, "scenario", label);
        row(b, "devices ready", devicesReady + " of " + devices + ", " + transport + ", window " + window + " per device, " + mix);
        row(b, "measured", FanoutResult.fmt(durationSeconds) + " s after " + FanoutResult.fmt(warmupSeconds) + " s warm-up");
        row(b, "acked in the window", ackedInWindow + " (" + FanoutResult.fmt(ackedPerSecond) + " msg/s committed and acked)");
        row(b, "in all", sent + " sent, " + acked + " acked" + (errors.isEmpty() ? "" : ", errors " + errors));
        row(b, "ack latency ms", "p50 " + ackLatency.p50() + "  p90 " + ackLatency.p90() + "  p99 " + ackLatency.p99()
                + "  p99.9 " + ackLatency.p999() + "  max " + ackLatency.max());
        row(b, "server batches", meanBatchSize < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f messages per commit, %.2f ms per batch",
                meanBatchSize, meanCommitMillis));
        row(b, "closed by server", serverCloses.isEmpty() ? "none" : serverCloses.toString());
        if (cpu != null) {
            row(b, "CPU % of one core", "server " + (long) cpu.server() + ", load generator " + (long) cpu.loadGenerator()
                    + ", other " + (long) cpu.other() + " (" + cpu.cores() + " cores)");
        }
        return b.toString();
    }

    /** The row of the Markdown table in docs/BENCHMARKS.md. */
    String markdownRow() {
        return "| " + label + " | " + FanoutResult.fmt(Math.round(ackedPerSecond)) + " | " + ackLatency.p50() + " | "
                + ackLatency.p99() + " | " + ackLatency.max() + " | "
                + (meanBatchSize < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", meanBatchSize)) + " | "
                + (errors.isEmpty() ? "none" : errors.toString()) + " | "
                + (cpu == null ? "n/a" : (long) cpu.server() + " / " + (long) cpu.loadGenerator() + " / " + (long) cpu.other()) + " |";
    }

    /** The header of that table. */
    static String markdownHeader() {
        return "| Run | Acked msg/s | Ack p50 ms | Ack p99 ms | Ack max ms | Messages per commit | Errors | CPU % server / bench / other |\n"
                + "|---|---:|---:|---:|---:|---:|---|---|";
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", key, value));
    }
}
