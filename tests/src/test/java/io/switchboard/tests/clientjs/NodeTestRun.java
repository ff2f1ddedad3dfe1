package io.switchboard.tests.clientjs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the client-js package's tests with Node's test runner ({@code node --test}, TAP output) and reads the
 * runner's closing counts, so that a Java test can fail on any failing Node test.
 *
 * @param output  every line the runner printed
 * @param exit    its exit code
 * @param passed  the {@code # pass} count
 * @param failed  the {@code # fail} count
 * @param skipped the {@code # skipped} count
 */
record NodeTestRun(List<String> output, int exit, int passed, int failed, int skipped) {
    /** The package, relative to the tests module (where Maven runs the tests). */
    static final Path CLIENT_JS = Path.of("..", "client-js").toAbsolutePath().normalize();
    private static final Pattern COUNT = Pattern.compile("^# (pass|fail|skipped) (\\d+)$");

    /**
     * Runs {@code node --test} on the {@code *.test.js} files under {@code dir} (relative to the package) with the
     * environment added. The files are listed here because Node 20, given a directory, also runs every helper
     * module in it as a test file.
     */
    static NodeTestRun run(Map<String, String> env, String dir) throws IOException, InterruptedException {
        installDevDependencies();
        List<String> command = new ArrayList<>(List.of("node"));
        if (!nodeHas("WebSocket")) {
            command.add("--experimental-websocket"); // Node 20; from 22 on WebSocket is global
        }
        if (!nodeHas("EventSource") && nodeHas("EventSource", "--experimental-eventsource")) {
            command.add("--experimental-eventsource"); // the SSE transport's tests; behind a flag in Node 20 and 22
        }
        command.addAll(List.of("--test", "--test-reporter=tap"));
        try (Stream<Path> files = Files.walk(CLIENT_JS.resolve(dir))) {
            files.filter(f -> f.getFileName().toString().endsWith(".test.js")).sorted()
                    .forEach(f -> command.add(CLIENT_JS.relativize(f).toString()));
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(CLIENT_JS.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process node = pb.start();
        List<String> output = new ArrayList<>();
        int[] counts = {-1, -1, 0};
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                System.out.println("[client-js] " + line);
                Matcher m = COUNT.matcher(line.trim());
                if (m.matches()) {
                    int n = Integer.parseInt(m.group(2));
                    switch (m.group(1)) {
                        case "pass" -> counts[0] = n;
                        case "fail" -> counts[1] = n;
                        default -> counts[2] = n;
                    }
                }
            }
        } finally {
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        return new NodeTestRun(output, node.exitValue(), counts[0], counts[1], counts[2]);
    }

    /** The skipped tests, with their reasons ({@code ok N - name # SKIP reason}). */
    List<String> skippedTests() {
        return output.stream().filter(l -> l.contains("# SKIP")).map(String::trim).toList();
    }

    /** {@code npm ci} in the package when its development dependencies (React, TypeScript) are not installed. */
    private static synchronized void installDevDependencies() throws IOException, InterruptedException {
        if (Files.isDirectory(CLIENT_JS.resolve("node_modules").resolve("react-test-renderer"))
                && Files.isDirectory(CLIENT_JS.resolve("node_modules").resolve("typescript"))) {
            return;
        }
        io.switchboard.tests.support.Npm.ci(CLIENT_JS, "--no-fund", "--loglevel=error");
    }

    /** Whether Node, with {@code flags}, has the global {@code name} (an unknown flag answers no). */
    private static boolean nodeHas(String name, String... flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-p", "typeof " + name));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        return out.equals("function");
    }
}
