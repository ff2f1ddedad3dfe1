package io.switchboard.tests.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs one of the Node scripts in tests/browser (playwright-core driving Debian's Chromium) against a server
 * this JVM started, answering the script's {@code ASK} lines so that the test can act on the server mid-scenario
 * (stop it, change data, start it again).
 */
public final class BrowserScenario {
    /** Where the scripts live, relative to the tests module. */
    public static final Path SCRIPTS = Path.of("browser").toAbsolutePath();
    /** Where screenshots are kept for a person to look at. */
    public static final Path SCREENSHOTS = Path.of("target", "screenshots").toAbsolutePath();

    private BrowserScenario() {
    }

    /**
     * Runs {@code script} with the environment, answering each {@code ASK request} with {@code answers}; asserts
     * that the script passed. Returns its output.
     */
    public static List<String> run(String script, Map<String, String> env, Function<String, String> answers) throws Exception {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assertThat(chromium).as("Chromium for browser tests (apt-get install chromium; .ci/run does it)").exists();
        installPlaywrightCore();
        ProcessBuilder pb = new ProcessBuilder("node", script).directory(SCRIPTS.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("SCREENSHOT_DIR", SCREENSHOTS.toString());
        pb.environment().put("CHROMIUM", chromium.toString());
        Process node = pb.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter in = new PrintWriter(node.getOutputStream(), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("ASK ")) {
                    String answer;
                    try {
                        answer = answers.apply(line.substring(4).trim());
                    } catch (RuntimeException e) {
                        answer = "ERR " + e;
                    }
                    in.println(answer);
                }
            }
        } finally {
            if (!node.waitFor(30, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
        assertThat(output).as("browser scenario %s output", script).contains("PASS");
        assertThat(node.exitValue()).isZero();
        return output;
    }

    private static synchronized void installPlaywrightCore() throws IOException, InterruptedException {
        if (Files.isDirectory(SCRIPTS.resolve("node_modules").resolve("playwright-core"))) {
            return;
        }
        io.switchboard.tests.support.Npm.ci(SCRIPTS, "--no-fund");
    }
}
