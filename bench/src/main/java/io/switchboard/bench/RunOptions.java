package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** What every scenario takes alike: its client event loops, its name in the report, and where its result also goes. */
final class RunOptions {
    @Option(names = "--threads", defaultValue = "2", description = "Client event loops (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--label", description = "Name of the run in the report table (default: made from the options).")
    String label;

    @Option(names = "--json-out", description = "Also append the JSON line to this file.")
    Path jsonOut;

    /** The label given, or the one made from the options. */
    String label(Supplier<String> made) {
        return label != null ? label : made.get();
    }

    /** Prints the run's table and, last, its JSON line; appends the line to {@code --json-out} when given. */
    void publish(String humanTable, String json) throws IOException {
        System.out.println(humanTable);
        System.out.println(json);
        if (jsonOut != null) {
            Files.writeString(jsonOut, json + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }
    }
}
