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
 * A Redis Sentinel of one test's own ({@code redis-server <config> --sentinel}) on a free port of 127.0.0.1,
 * monitoring one master under a name with a quorum of one. Sentinel rewrites its config file, so each has a
 * temporary directory of its own.
 */
final class SentinelProcess implements AutoCloseable {
    private static final String SERVER = "/usr/bin/redis-server";
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
        int port;
        Process process;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            dir = Files.createTempDirectory("switchboard-sentinel-");
            port = freePort();
            Path config = dir.resolve("sentinel.conf");
            Files.writeString(config, String.join("\n",
                    "port " + port,
                    "bind 127.0.0.1",
                    "dir " + dir,
                    "sentinel monitor " + masterName + " 127.0.0.1 " + masterPort + " 1",
                    "sentinel down-after-milliseconds " + masterName + " 5000",
                    ""));
            process = new ProcessBuilder(List.of(SERVER, config.toString(), "--sentinel")).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a Sentinel: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        SentinelProcess sentinel = new SentinelProcess(dir, port, process);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!sentinel.knows(masterName, masterPort)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                sentinel.close();
                throw new AssertionError("Sentinel on port " + port + " does not know master " + masterName + "; see " + log);
            }
            sleep(20);
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

    private boolean knows(String masterName, int masterPort) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write(("SENTINEL get-master-addr-by-name " + masterName + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] answer = new byte[256];
            int n = in.read(answer);
            return n > 0 && new String(answer, 0, n, StandardCharsets.US_ASCII).contains(String.valueOf(masterPort));
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
