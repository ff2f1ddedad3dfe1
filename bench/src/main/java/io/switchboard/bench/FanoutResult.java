package io.switchboard.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one fan-out run, printed as a short table for people and as one JSON line for the
 * {@code report} command. Latencies are in milliseconds, CPU in percent of one core.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder(alphabetic = false)
record FanoutResult(
        String scenario,
        String label,
        String date,
        String mode,
        int subscribers,
        int subscribersReady,
        double targetRate,
        int window,
        String windowOn,
        int payloadBytes,
        double warmupSeconds,
        double durationSeconds,
        double connectSeconds,
        long published,
        long publishedTotal,
        double publishedPerSecond,
        long acked,
        long publishSkipped,
        long fanOutStalled,
        Map<String, Long> publishErrors,
        long deliveriesExpected,
        long deliveriesReceived,
        double deliveriesPerSecond,
        long gaps,
        long duplicates,
        Latency latency,
        Latency ackLatency,
        Map<Integer, Long> serverCloses,
        Map<Integer, Long> teardownCloses,
        Map<String, Long> subscriberErrors,
        Cpu cpu) {

    /** Percentiles of a latency histogram, in milliseconds. */
    record Latency(long count, double p50, double p90, double p99, double p999, double max, double mean) {
        static Latency of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Latency(0, 0, 0, 0, 0, 0, 0);
            }
            return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                    ms(micros.getValueAtPercentile(90)), ms(micros.getValueAtPercentile(99)),
                    ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()), round(micros.getMean() / 1000.0));
        }

        private static double ms(long micros) {
            return round(micros / 1000.0);
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }

    /**
     * CPU used during the measured window, percent of one core; {@code server} sums the nodes, {@code broker} is
     * Redis's process (-1 when not sampled), {@code other} is the rest of the machine.
     */
    record Cpu(double server, double loadGenerator, double other, double machineBusyPercent, int cores, double broker) {
        static Cpu of(CpuSampler.Usage u) {
            return u == null ? null : new Cpu(r(u.server()), r(u.loadGenerator()), r(u.other()), r(u.machineBusyPercent()),
                    u.cores(), r(u.broker()));
        }

        private static double r(double v) {
            return Double.isNaN(v) ? -1 : Math.round(v);
        }
    }

    /** Server CPU time per delivery in microseconds (its CPU over the window / deliveries in it), or -1. */
    double serverMicrosPerDelivery() {
        if (cpu == null || cpu.server() < 0 || deliveriesPerSecond <= 0) {
            return -1;
        }
        return Math.round(cpu.server() / 100.0 / deliveriesPerSecond * 1e6 * 10) / 10.0;
    }

    /** A few lines for people. */
    String humanTable() {
        StringBuilder b = new StringBuilder();
        row(b, "scenario", label);
        row(b, "subscribers ready", subscribersReady + " of " + subscribers + " (connected in " + fmt(connectSeconds) + " s)");
        row(b, "publisher", mode.equals("rate")
                ? "socket, " + fmt(targetRate) + " msg/s target, acks not awaited"
                : "socket, saturating: window of " + window + " unacked " + (windowOn.equals("ack") ? "publishes (freed on ack)"
                : "messages (freed when every subscriber has it)"));
        row(b, "measured", fmt(durationSeconds) + " s after " + fmt(warmupSeconds) + " s warm-up, payload pad " + payloadBytes + " B");
        row(b, "messages published", published + " in the window (" + fmt(publishedPerSecond) + " msg/s), " + publishedTotal
                + " in all; " + acked + " acked" + (publishErrors.isEmpty() ? "" : ", errors " + publishErrors)
                + (publishSkipped > 0 ? ", skipped " + publishSkipped : "") + (fanOutStalled > 0 ? ", stalled " + fanOutStalled : ""));
        row(b, "deliveries", deliveriesReceived + " received of " + deliveriesExpected + " expected ("
                + pct(deliveriesReceived, deliveriesExpected) + "), gaps " + gaps + ", duplicates " + duplicates);
        row(b, "deliveries/s", fmt(deliveriesPerSecond));
        row(b, "latency ms", latency.count() == 0
                ? "n/a: no measured message reached a subscriber before the drain ended (a backlog longer than the drain)"
                : "p50 " + latency.p50() + "  p90 " + latency.p90() + "  p99 " + latency.p99() + "  p99.9 "
                + latency.p999() + "  max " + latency.max() + "  (" + latency.count() + " samples)");
        row(b, "publish ack ms", "p50 " + ackLatency.p50() + "  p99 " + ackLatency.p99() + "  max " + ackLatency.max());
        row(b, "closed by server", (serverCloses.isEmpty() ? "none" : serverCloses.toString())
                + " during the run; codes at teardown " + (teardownCloses == null || teardownCloses.isEmpty() ? "none" : teardownCloses));
        if (!subscriberErrors.isEmpty()) {
            row(b, "subscriber errors", subscriberErrors.toString());
        }
        if (cpu != null) {
            row(b, "CPU % of one core", "server " + cpuText(cpu.server())
                    + (cpu.broker() >= 0 ? ", Redis " + cpuText(cpu.broker()) : "") + ", load generator " + cpuText(cpu.loadGenerator())
                    + ", other processes " + cpuText(cpu.other()) + " (machine " + cpuText(cpu.machineBusyPercent())
                    + "% busy of " + cpu.cores() + " cores)");
            row(b, "server CPU/delivery", serverMicrosPerDelivery() < 0 ? "n/a" : serverMicrosPerDelivery() + " us");
        }
        return b.toString();
    }

    private static String cpuText(double v) {
        return v < 0 ? "n/a" : String.valueOf((long) v);
    }

    private static void row(StringBuilder b, String key, String value) {
        b.append(String.format(Locale.ROOT, "  %-20s %s%n", key, value));
    }

    static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) v);
        }
        return String.format(Locale.ROOT, "%,.1f", v);
    }

    static String pct(long part, long whole) {
        return whole == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100.0 * part / whole);
    }
}
