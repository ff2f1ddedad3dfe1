package io.switchboard.tests.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Redis Sentinel of one test's own ({@code redis-server <config> --sentinel}) on a free port of 127.0.0.1,
 * monitoring one master under a name with a quorum of one. Sentinel rewrites its config file, so each has a
 * temporary directory of its own.
 */
final class SentinelProcess implements AutoCloseable {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;
    private final Process process;

    private SentinelProcess(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Starts a Sentinel watching the master on 127.0.0.1:{@code masterPort} as {@code masterName}; waits until it knows it. */
    static SentinelProcess start(String masterName, int masterPort, Path log) {
        Path dir;
        RedisLauncher.Started started;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
            dir = Files.createTempDirectory("switchboard-sentinel-");
            Path config = dir.resolve("sentinel.conf");
            started = RedisLauncher.start(port -> {
                try {
                    Files.writeString(config, String.join("\n",
                            "port " + port,
                            "bind 127.0.0.1",
                            "dir " + dir,
                            "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
                            "sentinel down-after-milliseconds " + masterName + " 5000",
                            ""));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return List.of(RedisLauncher.SERVER, config.toString(), "--sentinel");
            }, dir, log, WAIT);
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot start a Sentinel: " + e.getMessage(), e);
        }
        SentinelProcess sentinel = new SentinelProcess(dir, started.port(), started.process());
        try {
            await("Sentinel on port " + started.port() + " knows master " + masterName + "; see " + log).atMost(WAIT)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> RedisLauncher.ask(started.port(), "SENTINEL get-master-addr-by-name " + masterName)
                            .contains(String.valueOf(masterPort)));
        } catch (RuntimeException | Error e) {
            sentinel.close();
            throw e;
        }
        return sentinel;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }
}
