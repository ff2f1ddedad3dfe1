package io.switchboard.tests.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
    private static final String SERVER = "/usr/bin/redis-server";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Path dir;
    private final Path log;
    private final int port;
    private Process process;

    private RedisProcess(Path dir, Path log, int port) {
        this.dir = dir;
        this.log = log;
        this.port = port;
    }

    /** Starts a Redis on a free port, its output written to {@code log} (restarts append); waits until it answers PING. */
    static RedisProcess start(Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Files.deleteIfExists(log);
            RedisProcess redis = new RedisProcess(Files.createTempDirectory("switchboard-redis-"), log, freePort());
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + SERVER + ": " + e.getMessage(), e);
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

    /** Starts the server again on the same port, empty; waits until it answers PING. */
    synchronized void restart() {
        kill();
        launch();
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

    private synchronized void launch() {
        List<String> command = List.of(SERVER, "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString());
        try {
            Files.writeString(log, "==== redis-server on port " + port + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + SERVER + ": " + e.getMessage(), e);
        }
        Process started = process;
        Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!answersPing()) {
            if (!started.isAlive() || System.nanoTime() > deadline) {
                started.destroyForcibly();
                throw new AssertionError("redis-server on port " + port + " did not answer PING; see " + log);
            }
            sleep(20);
        }
    }

    private boolean answersPing() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = new byte[7];
            int n = in.readNBytes(answer, 0, 7);
            return new String(answer, 0, n, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
