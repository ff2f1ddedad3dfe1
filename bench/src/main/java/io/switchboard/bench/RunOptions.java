package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Supplier;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import picocli.CommandLine.Option;

/** What every scenario takes alike: its client event loops, its name in the report, and where its result also goes. */
final class RunOptions {
    @Option(names = "--threads", defaultValue = "2", description = "Client event loops (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--generator-transport", defaultValue = "native", description = "The generator's own sockets: native (epoll, as"
            + " the servers use) or nio (default ${DEFAULT-VALUE}). On NIO the generator's core saturates at 100,000"
            + " deliveries/s and its own queueing shows as latency.")
    String transport;

    @Option(names = "--label", description = "Name of the run in the report table (default: made from the options).")
    String label;

    @Option(names = "--json-out", description = "Also append the JSON line to this file.")
    Path jsonOut;

    /** The generator's Vert.x, on the transport asked for; says on stderr which one it got. */
    Vertx vertx() {
        if (!transport.equals("native") && !transport.equals("nio")) {
            throw new IllegalArgumentException("--generator-transport is native or nio, not " + transport);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(threads)
                .setPreferNativeTransport(transport.equals("native")));
        System.err.println("load generator: " + threads + " event loops on "
                + (vertx.isNativeTransportEnabled() ? "the native transport" : "NIO"));
        return vertx;
    }

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
