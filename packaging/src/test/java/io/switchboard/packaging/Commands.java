package io.switchboard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the commands a user types to install the packages, with no input and the output kept for the assertions. */
final class Commands {
    private Commands() {
    }

    /** The exit code and everything printed. */
    record Result(int code, String output) {
    }

    /** Runs {@code command} in {@code dir} and waits for it (at most 5 minutes). */
    static Result run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("dist-command-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).redirectOutput(out.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_"));
        Process p = builder.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not end within 5 minutes");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(p.exitValue(), output);
    }

    /** Runs {@code command} and asserts that it succeeds; returns its output. */
    static String ok(Path dir, String... command) throws IOException, InterruptedException {
        Result r = run(dir, List.of(command));
        assertThat(r.code()).as("%s:%n%s", String.join(" ", command), r.output()).isZero();
        return r.output();
    }

    /** Whether {@code tool} is a program on the PATH. */
    static boolean installed(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The one file in the build's output whose name matches {@code glob}, failing when there is none. */
    static Path built(String glob, String whatBuildsIt) throws IOException {
        Path dir = Path.of(System.getProperty("dist.dir", "target"));
        try (var files = Files.newDirectoryStream(dir, glob)) {
            for (Path f : files) {
                return f;
            }
        }
        throw new AssertionError("no " + glob + " in " + dir + ": " + whatBuildsIt + " (see the [dist] lines of the build)");
    }
}
