package io.switchboard.tests.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of one test's own: three masters ({@code redis-server --cluster-enabled yes}) on free ports of
 * 127.0.0.1, no replicas and no persistence, joined by {@code redis-cli --cluster create}.
 */
final class RedisClusterProcesses implements AutoCloseable {
    private static final String CLI = "/usr/bin/redis-cli";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RedisClusterProcesses(Path dir) {
        this.dir = dir;
    }

    /** Starts three masters and joins them; waits until each says the cluster is ok. Logs go under {@code logs}. */
    static RedisClusterProcesses start(Path logs) {
        RedisClusterProcesses cluster;
        try {
            Files.createDirectories(logs);
            cluster = new RedisClusterProcesses(Files.createTempDirectory("switchboard-redis-cluster-"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Redis Cluster: " + e.getMessage(), e);
        }
        try {
            cluster.launch(logs);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code redis-cluster://127.0.0.1:<port>,…} naming every master. */
    String url() {
        return "redis-cluster://" + ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    private void launch(Path logs) {
        try {
            for (int i = 0; i < 3; i++) {
                Path log = logs.resolve("redis-cluster-" + i + ".log");
                Files.deleteIfExists(log);
                RedisLauncher.Started started = RedisLauncher.start(port -> {
                    Path home = dir.resolve(String.valueOf(port));
                    try {
                        Files.createDirectories(home);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return List.of(RedisLauncher.SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                            "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--save", "",
                            "--appendonly", "no", "--dir", home.toString());
                }, dir, log, WAIT);
                processes.add(started.process());
                ports.add(started.port());
            }
            List<String> create = new ArrayList<>(List.of(CLI, "--cluster", "create"));
            ports.forEach(p -> create.add("127.0.0.1:" + p));
            create.add("--cluster-yes");
            Process cli = new ProcessBuilder(create).redirectErrorStream(true)
                    .redirectOutput(logs.resolve("redis-cluster-create.log").toFile()).start();
            if (!cli.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS) || cli.exitValue() != 0) {
                cli.destroyForcibly();
                throw new AssertionError("redis-cli --cluster create failed; see " + logs.resolve("redis-cluster-create.log"));
            }
            for (int port : ports) {
                await("Redis on port " + port + " says the cluster is ok").atMost(WAIT).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> RedisLauncher.ask(port, "CLUSTER INFO").contains("cluster_state:ok"));
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IllegalStateException("cannot start a Redis Cluster: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }
}
