package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Turns the JSON lines of ingest runs into the Markdown table of docs/BENCHMARKS.md. */
@Command(name = "ingest-report", mixinStandardHelpOptions = true,
        description = "Print the Markdown table for JSON lines written by the ingest scenario.")
final class IngestReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of JSON lines; other lines are skipped.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        System.out.println(IngestResult.markdownHeader());
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("{\"scenario\":\"ingest\"")) {
                    System.out.println(mapper.readValue(line, IngestResult.class).markdownRow());
                }
            }
        }
        return 0;
    }
}
