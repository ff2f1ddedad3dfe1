package io.switchboard.tests.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.function.IntFunction;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Starts the {@code redis-server} processes of the cluster tests (a Redis, a Sentinel, a Cluster's masters) on
 * 127.0.0.1 and waits until each answers as itself.
 *
 * <p>A server must be told its port before it runs, and Java cannot hand it a socket already bound, so the port is
 * one the system has just found free, and another process may take it before the server binds it. When that
 * happens the server ends with "Address already in use" and {@link #start} tries again on another port; and a
 * server counts as up only when the one answering on its port reports its own process id, so a stranger on the
 * port is never taken for it.
 */
final class RedisLauncher {
    static final String SERVER = "/usr/bin/redis-server";
    private static final int ATTEMPTS = 5;

    private RedisLauncher() {
    }

    /**
     * A process started and answering on its port.
     *
     * @param process the process
     * @param port    the port it listens on
     */
    record Started(Process process, int port) {
    }

    /**
     * Starts {@code command.apply(port)} on a free port, output appended to {@code log}, and waits up to {@code wait}
     * until it answers; on another port when the one picked was taken meanwhile.
     */
    static Started start(IntFunction<List<String>> command, Path dir, Path log, Duration wait) {
        for (int attempt = 1; ; attempt++) {
            int port = unusedPort();
            Process p = launch(command.apply(port), dir, log, port, wait);
            if (p != null) {
                return new Started(p, port);
            }
            if (attempt == ATTEMPTS) {
                throw new AssertionError(ATTEMPTS + " ports were taken before redis-server could bind them; see " + log);
            }
        }
    }

    /**
     * Starts {@code command} to listen on {@code port}, output appended to {@code log}, and waits up to {@code wait}
     * until it answers; returns null when the port was taken (the process ended saying so), fails otherwise.
     */
    static Process launch(List<String> command, Path dir, Path log, int port, Duration wait) {
        Process p;
        long offset;
        try {
            Files.writeString(log, "==== " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            offset = Files.size(log);
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly));
        String self = "process_id:" + p.pid();
        try {
            await("redis-server on port " + port).atMost(wait).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                    .until(() -> !p.isAlive() || ask(port, "INFO server").contains(self));
        } catch (ConditionTimeoutException e) {
            p.destroyForcibly();
            throw new AssertionError("redis-server on port " + port + " did not answer within " + wait.toSeconds()
                    + " s; see " + log, e);
        }
        if (p.isAlive()) {
            return p;
        }
        if (written(log, offset).contains("Address already in use")) {
            return null;
        }
        throw new AssertionError("redis-server on port " + port + " ended (exit code " + p.exitValue() + "); see " + log);
    }

    /** Sends one inline command to the server on {@code port} and returns the start of its answer ("" when none). */
    static String ask(int port, String command) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = new byte[8192];
            int n = in.read(answer);
            return n > 0 ? new String(answer, 0, n, StandardCharsets.US_ASCII) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** A port of 127.0.0.1 that nothing listens on now. */
    private static int unusedPort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on 127.0.0.1", e);
        }
    }

    private static String written(Path log, long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
