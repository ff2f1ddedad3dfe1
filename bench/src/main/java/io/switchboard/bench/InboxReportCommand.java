package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Turns the JSON lines of inbox runs into the two Markdown tables of docs/BENCHMARKS.md. */
@Command(name = "inbox-report", mixinStandardHelpOptions = true,
        description = "Print the Markdown tables (delivery, replay) for JSON lines written by the inbox scenario.")
final class InboxReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of JSON lines; other lines are skipped.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<InboxResult> delivery = new ArrayList<>();
        List<InboxResult> replay = new ArrayList<>();
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("{\"scenario\":\"inbox\"")) {
                    InboxResult r = mapper.readValue(line, InboxResult.class);
                    (r.mode().equals("delivery") ? delivery : replay).add(r);
                }
            }
        }
        if (!delivery.isEmpty()) {
            System.out.println(InboxResult.deliveryHeader());
            delivery.forEach(r -> System.out.println(r.markdownRow()));
            System.out.println();
        }
        if (!replay.isEmpty()) {
            System.out.println(InboxResult.replayHeader());
            replay.forEach(r -> System.out.println(r.markdownRow()));
        }
        return 0;
    }
}
