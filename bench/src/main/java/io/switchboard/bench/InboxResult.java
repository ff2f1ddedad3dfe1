package io.switchboard.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of one inbox run. {@code delivery}: events committed per second and delivered per second to the
 * users' sockets, with emit-to-receive latency. {@code replay}: events per second a reconnecting socket receives
 * from its backlog. Both count gaps and duplicates, which must be zero.
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
        long lost,
        Map<String, Long> errors,
        FanoutResult.Latency latency,
        Map<Integer, Long> serverCloses,
        FanoutResult.Cpu cpu) {

    String humanTable() {
        StringBuilder b = new StringBuilder();
        row(b, "scenario", label);
        row(b, "users ready", usersReady + " of " + users);
        if (mode.equals("delivery")) {
            row(b, "measured", FanoutResult.fmt(durationSeconds) + " s, POST batches of " + batch + ", " + window + " in flight");
            row(b, "committed", committedInWindow + " in the window (" + FanoutResult.fmt(committedPerSecond) + " events/s)");
            row(b, "delivered", deliveredInWindow + " in the window (" + FanoutResult.fmt(deliveredPerSecond) + " events/s), "
                    + delivered + " in all");
            row(b, "latency ms", "p50 " + latency.p50() + "  p90 " + latency.p90() + "  p99 " + latency.p99() + "  max " + latency.max());
        } else {
            row(b, "backlog", missedPerUser + " events per user");
            row(b, "replay", FanoutResult.fmt(replaySeconds) + " s, first event after " + firstEventMillis + " ms, "
                    + FanoutResult.fmt(replayedPerSecond) + " events/s");
        }
        row(b, "order", gaps + " gaps, " + duplicates + " duplicates, " + lost + " lost");
        row(b, "errors", errors.isEmpty() ? "none" : errors.toString());
        row(b, "closed by server", serverCloses.isEmpty() ? "none" : serverCloses.toString());
        if (cpu != null) {
            row(b, "CPU % of one core", "server " + (long) cpu.server() + ", load generator " + (long) cpu.loadGenerator()
                    + ", other " + (long) cpu.other() + " (" + cpu.cores() + " cores)");
        }
        return b.toString();
    }

    String markdownRow() {
        String cpuCell = cpu == null ? "n/a" : (long) cpu.server() + " / " + (long) cpu.loadGenerator() + " / " + (long) cpu.other();
        String order = gaps + " / " + duplicates + " / " + lost;
        if (mode.equals("delivery")) {
            return "| " + label + " | " + FanoutResult.fmt(Math.round(committedPerSecond)) + " | "
                    + FanoutResult.fmt(Math.round(deliveredPerSecond)) + " | " + latency.p50() + " | " + latency.p99() + " | "
                    + latency.max() + " | " + order + " | " + cpuCell + " |";
        }
        return "| " + label + " | " + FanoutResult.fmt(Math.round(replayedPerSecond)) + " | " + FanoutResult.fmt(replaySeconds)
                + " | " + firstEventMillis + " | " + order + " | " + cpuCell + " |";
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
