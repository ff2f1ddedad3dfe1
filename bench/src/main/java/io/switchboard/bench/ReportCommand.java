package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Turns the JSON lines of fan-out runs into the Markdown table used in docs/BENCHMARKS.md. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Print the Markdown results table for JSON lines written by fanout (files, or - for stdin).")
final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of JSON lines; - reads stdin. Other lines are skipped.")
    List<String> files;

    @picocli.CommandLine.Option(names = "--with-broker",
            description = "Show the Redis server's CPU (fanout --broker-pid) as a column of its own.")
    boolean withBroker;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<FanoutResult> results = new ArrayList<>();
        for (String f : files) {
            List<String> lines = f.equals("-")
                    ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                    : Files.readAllLines(Path.of(f));
            for (String line : lines) {
                if (line.startsWith("{\"scenario\":\"fanout\"")) {
                    results.add(mapper.readValue(line, FanoutResult.class));
                }
            }
        }
        System.out.print(table(results, withBroker));
        return 0;
    }

    static String table(List<FanoutResult> results, boolean withBroker) {
        StringBuilder b = new StringBuilder();
        b.append("| Scenario | Published msg/s | Deliveries received / expected | Deliveries/s | p50 ms | p99 ms | p99.9 ms | max ms | Closed by server | ")
                .append(withBroker ? "CPU % server / Redis / bench / other" : "CPU % server / bench / other")
                .append(" | Server CPU per delivery (us) |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|\n");
        for (FanoutResult r : results) {
            b.append("| ").append(r.label())
                    .append(" | ").append(FanoutResult.fmt(r.publishedPerSecond()))
                    .append(" | ").append(FanoutResult.fmt(r.deliveriesReceived())).append(" / ")
                    .append(FanoutResult.fmt(r.deliveriesExpected()))
                    .append(" | ").append(FanoutResult.fmt(Math.round(r.deliveriesPerSecond())))
                    .append(" | ").append(latency(r, r.latency().p50()))
                    .append(" | ").append(latency(r, r.latency().p99()))
                    .append(" | ").append(latency(r, r.latency().p999()))
                    .append(" | ").append(latency(r, r.latency().max()))
                    .append(" | ").append(closes(r))
                    .append(" | ").append(cpu(r.cpu(), withBroker))
                    .append(" | ").append(r.serverMicrosPerDelivery() < 0 ? "n/a" : String.valueOf(r.serverMicrosPerDelivery()))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** No sample means no measured message arrived before the drain ended: a backlog, not zero latency. */
    private static String latency(FanoutResult r, double ms) {
        return r.latency().count() == 0 ? "n/a" : String.valueOf(ms);
    }

    private static String closes(FanoutResult r) {
        String during = codes(r.serverCloses());
        Map<Integer, Long> teardown = new java.util.TreeMap<>(r.teardownCloses() == null ? Map.of() : r.teardownCloses());
        teardown.remove(1000);
        return teardown.isEmpty() ? during : during + " (at teardown: " + codes(teardown) + ")";
    }

    private static String codes(Map<Integer, Long> closes) {
        if (closes == null || closes.isEmpty()) {
            return "none";
        }
        return closes.entrySet().stream().map(e -> FanoutResult.fmt(e.getValue()) + " x " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    private static String cpu(FanoutResult.Cpu c, boolean withBroker) {
        if (c == null) {
            return "n/a";
        }
        return n(c.server()) + " / " + (withBroker ? n(c.broker()) + " / " : "") + n(c.loadGenerator()) + " / " + n(c.other());
    }

    private static String n(double v) {
        return v < 0 ? "n/a" : String.valueOf((long) v);
    }
}
