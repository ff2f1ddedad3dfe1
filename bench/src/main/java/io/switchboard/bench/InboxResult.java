package io.switchboard.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one inbox run. {@code delivery}: events committed per second and delivered per second to the
 * users' sockets, with emit-to-receive latency. {@code push}: the same for transient events, accepted (202) rather
 * than committed. {@code replay}: events per second a reconnecting socket receives from its backlog. All count gaps,
 * duplicates and events out of order, which must be zero. "Committed" holds the accepted events of a push run.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record InboxResult(
        String scenario,
        String mode,
        String label,
        String date,
        int users,
        int usersReady,
        int batch,
        int window,
        double durationSeconds,
        long committed,
        long committedInWindow,
        double committedPerSecond,
        long delivered,
        long deliveredInWindow,
        double deliveredPerSecond,
        long missedPerUser,
        double replaySeconds,
        double firstEventMillis,
        double replayedPerSecond,
        long gaps,
        long duplicates,
        long outOfOrder,
        long lost,
        Map<String, Long> errors,
        FanoutResult.Latency latency,
        Map<Integer, Long> serverCloses,
        FanoutResult.Cpu cpu) {

    /** Server CPU time per delivered event in microseconds (its CPU over the window / events delivered per second), or -1. */
    double serverMicrosPerEvent() {
        if (cpu == null || cpu.server() < 0 || deliveredPerSecond <= 0) {
            return -1;
        }
        return Math.round(cpu.server() / 100.0 / deliveredPerSecond * 1e6 * 10) / 10.0;
    }

    String humanTable() {
        StringBuilder b = new StringBuilder();
        boolean push = mode.equals("push");
        row(b, "scenario", label);
        row(b, "users ready", usersReady + " of " + users);
        if (!mode.equals("replay")) {
            row(b, "measured", FanoutResult.fmt(durationSeconds) + " s, POST batches of " + batch + ", " + window + " in flight"
                    + (push ? " (transient: /api/inbox/push)" : ""));
            row(b, push ? "accepted" : "committed", committedInWindow + " in the window ("
                    + FanoutResult.fmt(committedPerSecond) + " events/s)");
            row(b, "delivered", deliveredInWindow + " of the window's (" + FanoutResult.pct(deliveredInWindow, committedInWindow)
                    + ", " + FanoutResult.fmt(deliveredPerSecond) + " events/s), " + delivered + " in all");
            row(b, "latency ms", "p50 " + latency.p50() + "  p90 " + latency.p90() + "  p99 " + latency.p99() + "  p99.9 "
                    + latency.p999() + "  max " + latency.max());
        } else {
            row(b, "backlog", missedPerUser + " events per user");
            row(b, "replay", FanoutResult.fmt(replaySeconds) + " s, first event after " + firstEventMillis + " ms, "
                    + FanoutResult.fmt(replayedPerSecond) + " events/s");
        }
        row(b, "order", gaps + " gaps, " + duplicates + " duplicates, " + outOfOrder + " out of order, " + lost + " lost");
        row(b, "errors", errors.isEmpty() ? "none" : errors.toString());
        row(b, "closed by server", serverCloses.isEmpty() ? "none" : serverCloses.toString());
        if (cpu != null) {
            row(b, "CPU % of one core", "server " + (long) cpu.server() + ", load generator " + (long) cpu.loadGenerator()
                    + ", other " + (long) cpu.other() + " (" + cpu.cores() + " cores)");
            if (!mode.equals("replay")) {
                row(b, "server CPU/event", serverMicrosPerEvent() < 0 ? "n/a" : serverMicrosPerEvent() + " us per delivered event");
            }
        }
        return b.toString();
    }

    String markdownRow() {
        String cpuCell = cpu == null ? "n/a" : (long) cpu.server() + " / " + (long) cpu.loadGenerator() + " / " + (long) cpu.other();
        // These tables predate the out-of-order count: a late event shows among the duplicates, as it did.
        String order = gaps + " / " + (duplicates + outOfOrder) + " / " + lost;
        if (mode.equals("delivery")) {
            return "| " + label + " | " + FanoutResult.fmt(Math.round(committedPerSecond)) + " | "
                    + FanoutResult.fmt(Math.round(deliveredPerSecond)) + " | " + latency.p50() + " | " + latency.p99() + " | "
                    + latency.max() + " | " + order + " | " + cpuCell + " |";
        }
        return "| " + label + " | " + FanoutResult.fmt(Math.round(replayedPerSecond)) + " | " + FanoutResult.fmt(replaySeconds)
                + " | " + firstEventMillis + " | " + order + " | " + cpuCell + " |";
    }

    /** A row of the push table: with delivered / expected, p99.9 and the server's CPU per delivered event. */
    String pushRow() {
        String cpuCell = cpu == null ? "n/a" : (long) cpu.server() + " / " + (long) cpu.loadGenerator() + " / " + (long) cpu.other();
        return "| " + label + " | " + FanoutResult.fmt(Math.round(committedPerSecond)) + " | "
                + FanoutResult.fmt(deliveredInWindow) + " / " + FanoutResult.fmt(committedInWindow) + " | "
                + FanoutResult.fmt(Math.round(deliveredPerSecond)) + " | " + latency.p50() + " | " + latency.p99() + " | "
                + latency.p999() + " | " + gaps + " / " + duplicates + " / " + outOfOrder + " / " + lost + " | "
                + (serverCloses.isEmpty() ? "none" : serverCloses.toString()) + " | " + cpuCell + " | "
                + (serverMicrosPerEvent() < 0 ? "n/a" : String.valueOf(serverMicrosPerEvent())) + " |";
    }

    static String pushHeader() {
        return "| Run | Accepted events/s | Delivered / expected | Delivered events/s | p50 ms | p99 ms | p99.9 ms"
                + " | Gaps / dups / out of order / lost | Closed by server | CPU % server / bench / other"
                + " | Server CPU per delivered event (us) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|---|---|---:|";
    }

    static String deliveryHeader() {
        return "| Run | Committed events/s | Delivered events/s | Latency p50 ms | p99 ms | max ms | Gaps / dups / lost | CPU % server / bench / other |\n"
                + "|---|---:|---:|---:|---:|---:|---|---|";
    }

    static String replayHeader() {
        return "| Run | Replayed events/s | Replay s | First event ms | Gaps / dups / lost | CPU % server / bench / other |\n"
                + "|---|---:|---:|---:|---|---|";
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", key, value));
    }
}
