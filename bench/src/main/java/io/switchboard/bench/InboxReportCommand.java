package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Turns the JSON lines of inbox runs into the Markdown tables of docs/BENCHMARKS.md: delivery, replay, push, and,
 * when push runs are labelled {@code switchboard: X} and {@code netty: X} (bench/run-inbox-baseline.sh), the two
 * servers' CPU per delivered event side by side.
 */
@Command(name = "inbox-report", mixinStandardHelpOptions = true,
        description = "Print the Markdown tables (delivery, replay, push) for JSON lines written by the inbox scenario.")
final class InboxReportCommand implements Callable<Integer> {
    private static final String SWITCHBOARD = "switchboard: ";
    private static final String NETTY = "netty: ";

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of JSON lines; other lines are skipped.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Map<String, List<InboxResult>> byMode = new LinkedHashMap<>();
        for (String mode : List.of("delivery", "replay", "push")) {
            byMode.put(mode, new ArrayList<>());
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("{\"scenario\":\"inbox\"")) {
                    InboxResult r = mapper.readValue(line, InboxResult.class);
                    byMode.computeIfAbsent(r.mode(), m -> new ArrayList<>()).add(r);
                }
            }
        }
        print(InboxResult.deliveryHeader(), byMode.get("delivery"), InboxResult::markdownRow);
        print(InboxResult.replayHeader(), byMode.get("replay"), InboxResult::markdownRow);
        print(InboxResult.pushHeader(), byMode.get("push"), InboxResult::pushRow);
        String pairs = sideBySide(byMode.get("push"));
        if (!pairs.isEmpty()) {
            System.out.print(pairs);
        }
        return 0;
    }

    private static void print(String header, List<InboxResult> rows, java.util.function.Function<InboxResult, String> row) {
        if (!rows.isEmpty()) {
            System.out.println(header);
            rows.forEach(r -> System.out.println(row.apply(r)));
            System.out.println();
        }
    }

    /** One line per scenario run against both servers: each one's µs per delivered event, and their ratio. */
    static String sideBySide(List<InboxResult> push) {
        Map<String, double[]> pairs = new LinkedHashMap<>();
        for (InboxResult r : push) {
            String label = r.label();
            int side = label.startsWith(SWITCHBOARD) ? 0 : label.startsWith(NETTY) ? 1 : -1;
            if (side >= 0) {
                String scenario = label.substring(side == 0 ? SWITCHBOARD.length() : NETTY.length());
                pairs.computeIfAbsent(scenario, s -> new double[] {-1, -1})[side] = r.serverMicrosPerEvent();
            }
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, double[]> e : pairs.entrySet()) {
            double sb = e.getValue()[0];
            double netty = e.getValue()[1];
            if (b.isEmpty()) {
                b.append("| Scenario | Switchboard: server CPU per delivered event (us) | Netty baseline (us) | Switchboard / baseline |\n")
                        .append("|---|---:|---:|---:|\n");
            }
            b.append("| ").append(e.getKey()).append(" | ").append(us(sb)).append(" | ").append(us(netty)).append(" | ")
                    .append(sb > 0 && netty > 0 ? String.format(Locale.ROOT, "%.2f×", sb / netty) : "n/a").append(" |\n");
        }
        return b.toString();
    }

    private static String us(double v) {
        return v < 0 ? "n/a" : String.valueOf(v);
    }
}
