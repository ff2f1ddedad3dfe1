package io.switchboard.bench;

import java.util.Locale;
import java.util.Map;

/** One chat-room run, as the JSON line that {@code chat-report} reads. */
record ChatResult(String scenario, String label, String date, int members, int membersReady, int senders, double targetRate,
                  double connectSeconds, long sentInWindow, double sentPerSecond, long sentTotal, long acked,
                  Map<String, Long> sendErrors, long deliveriesExpected, long deliveriesReceived, double deliveriesPerSecond,
                  long gaps, long duplicates, FanoutResult.Latency latency, FanoutResult.Latency ackLatency,
                  Map<Integer, Long> serverCloses, FanoutResult.Cpu cpu) {

    String humanTable() {
        StringBuilder b = new StringBuilder();
        row(b, "scenario", label);
        row(b, "members ready", membersReady + " of " + members + " (connected in " + FanoutResult.fmt(connectSeconds) + " s)");
        row(b, "messages sent", sentInWindow + " in the window (" + FanoutResult.fmt(sentPerSecond) + " msg/s), " + sentTotal
                + " in all; " + acked + " acked" + (sendErrors.isEmpty() ? "" : ", errors " + sendErrors));
        row(b, "deliveries", deliveriesReceived + " received of " + deliveriesExpected + " expected ("
                + FanoutResult.pct(deliveriesReceived, deliveriesExpected) + "), gaps " + gaps + ", duplicates " + duplicates);
        row(b, "deliveries/s", FanoutResult.fmt(deliveriesPerSecond));
        row(b, "latency ms", latency.count() == 0 ? "n/a: nothing measured arrived before the drain ended"
                : "p50 " + latency.p50() + "  p99 " + latency.p99() + "  max " + latency.max() + "  (" + latency.count() + " samples)");
        row(b, "send ack ms", "p50 " + ackLatency.p50() + "  p99 " + ackLatency.p99() + "  max " + ackLatency.max());
        row(b, "closed by server", serverCloses.isEmpty() ? "none" : serverCloses.toString());
        if (cpu != null) {
            row(b, "CPU % of one core", "server " + (long) cpu.server() + ", load generator " + (long) cpu.loadGenerator()
                    + ", other " + (long) cpu.other());
        }
        return b.toString();
    }

    /** The Markdown row of docs/BENCHMARKS.md. */
    String markdownRow() {
        return "| " + label + " | " + FanoutResult.fmt(sentPerSecond) + " | " + FanoutResult.fmt(deliveriesReceived) + " / "
                + FanoutResult.fmt(deliveriesExpected) + " | " + FanoutResult.fmt(Math.round(deliveriesPerSecond)) + " | "
                + (latency.count() == 0 ? "n/a | n/a" : latency.p50() + " | " + latency.p99()) + " | " + ackLatency.p99() + " | "
                + (serverCloses.isEmpty() ? "none" : serverCloses.toString()) + " | "
                + (cpu == null ? "n/a" : (long) cpu.server() + " / " + (long) cpu.loadGenerator()) + " |";
    }

    static String markdownHeader() {
        return "| Scenario | Sent msg/s | Deliveries received / expected | Deliveries/s | p50 ms | p99 ms | send ack p99 ms | Closed by server | CPU % server / bench |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|---|";
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", key, value));
    }
}
