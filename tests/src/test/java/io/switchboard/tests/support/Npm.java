package io.switchboard.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code npm ci} for a test that needs a package's node_modules. Its input is /dev/null and its output goes to
 * a log file: npm inheriting the test JVM's standard streams would write into Surefire's channel and set its stdin
 * non-blocking, which kills the forked JVM ("std/in stream corrupted").
 */
public final class Npm {
    private Npm() {
    }

    /** {@code npm ci} in {@code dir}; fails the test with the log's tail when it does not succeed within 5 minutes. */
    public static void ci(Path dir, String... extraArgs) throws IOException, InterruptedException {
        Path log = Files.createTempFile("npm-ci-", ".log");
        String[] command = new String[3 + extraArgs.length];
        command[0] = "npm";
        command[1] = "ci";
        command[2] = "--no-audit";
        System.arraycopy(extraArgs, 0, command, 3, extraArgs.length);
        Process npm = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = npm.waitFor(300, TimeUnit.SECONDS);
        if (!finished) {
            npm.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("npm ci in %s finished within 5 minutes:%n%s", dir, output).isTrue();
        assertThat(npm.exitValue()).as("npm ci in %s:%n%s", dir, output).isZero();
        Files.deleteIfExists(log);
    }
}
