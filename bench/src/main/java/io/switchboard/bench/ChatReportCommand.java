package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Turns the JSON lines of chat runs into the Markdown table used in docs/BENCHMARKS.md. */
@Command(name = "chat-report", mixinStandardHelpOptions = true, description = "Print the Markdown table for JSON lines written by chat.")
final class ChatReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files of JSON lines. Other lines are skipped.")
    List<Path> files;

    @Override
    public Integer call() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        System.out.println(ChatResult.markdownHeader());
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                if (line.startsWith("{\"scenario\":\"chat\"")) {
                    System.out.println(mapper.readValue(line, ChatResult.class).markdownRow());
                }
            }
        }
        return 0;
    }
}
