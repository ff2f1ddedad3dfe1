package io.switchboard.tests.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A {@code redis-server} of one test's own, on a free port of 127.0.0.1 and without persistence, that the test may
 * kill and start again: the machine's shared Redis is never restarted. A start after {@link #kill()} uses the same
 * port and begins empty, as a Redis without persistence does after a crash.
 */
final class RedisProcess implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path log;
    private final int port;
    private Process process;

    private RedisProcess(Path dir, Path log, RedisLauncher.Started started) {
        this.dir = dir;
        this.log = log;
        this.port = started.port();
        this.process = started.process();
    }

    /** Starts a Redis on a free port, its output written to {@code log} (restarts append); waits until it answers. */
    static RedisProcess start(Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
            Path dir = Files.createTempDirectory("switchboard-redis-");
            return new RedisProcess(dir, log, RedisLauncher.start(port -> command(port, dir), dir, log, WAIT));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + RedisLauncher.SERVER + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on, 127.0.0.1. */
    int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:<port>}. */
    String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server with SIGKILL and waits until it is gone; what it held is lost. */
    synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /**
     * Starts the server again on the same port, empty; waits until it answers. The nodes know only this port, so
     * there is no other to move to: a stranger that took it in between fails the test.
     */
    synchronized void restart() {
        kill();
        process = RedisLauncher.launch(command(port, dir), dir, log, port, WAIT);
        if (process == null) {
            throw new AssertionError("port " + port + " was taken while its Redis was down; see " + log);
        }
    }

    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }

    private static List<String> command(int port, Path dir) {
        return List.of(RedisLauncher.SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString());
    }
}
