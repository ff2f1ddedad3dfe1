package io.switchboard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node started from an installed launcher, as an operator would by hand: {@code serve} with a free port, its
 * output in a log file. Waits for conditions (the listening line, {@code /health/ready}), never for a time.
 */
final class InstalledNode implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on http://127\\.0\\.0\\.1:(\\d+)");
    private static final Duration START = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;

    private InstalledNode(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Runs {@code launcher serve --port 0} with the arguments and waits until it says where it listens. */
    static InstalledNode start(Path launcher, Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(launcher.toString(), "serve", "--host", "127.0.0.1", "--port", "0",
                "--set", "shutdown-grace=1s"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(log.getParent().toFile());
        // Only the arguments configure the node, not the SWITCHBOARD_* variables of whoever runs the build.
        builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
        builder.environment().put("SWITCHBOARD_JAVA_OPTS", "-Xmx192m -XX:TieredStopAtLevel=1");
        Process process = builder.start();
        int port;
        try {
            port = await("the installed node listening").atMost(START).pollInterval(Duration.ofMillis(100))
                    .until(() -> listeningPort(process, log), p -> p > 0);
        } catch (RuntimeException | Error e) {
            process.destroyForcibly();
            throw e;
        }
        return new InstalledNode(process, log, port);
    }

    private static int listeningPort(Process process, Path log) throws IOException {
        Matcher m = LISTENING.matcher(Files.readString(log, StandardCharsets.UTF_8));
        if (m.find()) {
            return Integer.parseInt(m.group(1));
        }
        assertThat(process.isAlive()).as("the node is running; its log:%n%s", Files.readString(log)).isTrue();
        return 0;
    }

    /** The Java executable the node runs on, as the operating system reports it. */
    String javaExecutable() {
        return process.info().command().orElseThrow();
    }

    /** Waits until {@code GET /health/ready} answers 200, and returns its body. */
    String awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        URI ready = URI.create("http://127.0.0.1:" + port + "/health/ready");
        return await("the installed node ready").atMost(START).pollInterval(Duration.ofMillis(100)).until(() -> {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.statusCode() == 200 ? r.body() : null;
            } catch (IOException e) {
                return null;
            }
        }, body -> body != null);
    }

    /** Stops the node with SIGTERM, as systemd does, waits for it to end and returns the log. */
    String stop() throws IOException, InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the node ends within 60 s of SIGTERM").isTrue();
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
