package io.switchboard.testkit;

import static org.awaitility.Awaitility.await;

import io.switchboard.server.auth.TokenService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Switchboard node in a JVM process of its own, for what only separate processes show: a node killed with
 * SIGKILL, a graceful stop, a rolling restart, several nodes sharing Redis and a database. The process runs
 * {@code switchboard serve} from this JVM's class path (which holds the server wherever the testkit is used) on
 * 127.0.0.1, with every setting given as a flag, its output appended to a log file, and its own data directory.
 *
 * <p>The node keeps its port across {@link #restart()}s (the first start picks a free one unless {@code port} is
 * set), so clients reconnect where they were. The same {@code jwt-secret} and {@code api-key} serve every start:
 * given in the settings, or random ones made here. Every wait is bounded. The process ends when this JVM ends,
 * whatever ends it; {@link #close()} ends it sooner and deletes the data directory.
 */
public final class NodeProcess implements AutoCloseable {
    /** Settings every node process starts with; the caller's settings override them. */
    public static final Map<String, String> DEFAULTS = Map.of("host", "127.0.0.1", "port", "0", "shutdown-grace", "1s");
    /** How long a start may take until the node is ready, unless told otherwise. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(40);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** Those of a production node where they matter: a node out of memory exits (docs/OPERATIONS.md). */
    private static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    private static final Pattern LISTENING = Pattern.compile("Switchboard listening on https?://[^\\s:]+:(\\d+)");
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "node-processes-cleanup"));
    }

    private final Map<String, String> settings;
    private final Path log;
    private final Path dataDir;
    private final Path configFile;
    private final HttpClient http;
    private final TokenService tokens;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();
    private volatile Process process;
    private volatile int port;
    private volatile TestHttp rest;
    private int starts;

    private NodeProcess(Map<String, String> settings, Path log, Path dataDir, Path configFile) {
        this.configFile = configFile;
        this.settings = settings;
        this.log = log;
        this.dataDir = dataDir;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(SocketOpener.CONNECT_TIMEOUT).build();
        this.tokens = new TokenService(settings.get("jwt-secret").getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        this.port = Integer.parseInt(settings.get("port"));
    }

    /**
     * Starts a node with the {@link #DEFAULTS} overridden by {@code settings}, its output written to {@code log} (and
     * appended to it by each restart), and waits until {@code /health/ready} answers 200 (at most {@link #START_TIMEOUT}).
     */
    public static NodeProcess start(Map<String, String> settings, Path log) {
        return start(settings, log, null);
    }

    /**
     * Starts a node as {@link #start(Map, Path)} does, reading {@code configFile} ({@code serve --config FILE}) under
     * the settings given as flags, which win; null for none.
     */
    public static NodeProcess start(Map<String, String> settings, Path log, Path configFile) {
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-node-");
            Files.createDirectories(log.toAbsolutePath().getParent());
            // A log of an earlier run under the same name starts over; restarts of this node append to it.
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the node's directories", e);
        }
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        all.put("data-dir", dir.toString());
        all.put("jwt-secret", random(32));
        all.put("api-key", random(24));
        all.putAll(settings);
        NodeProcess node = new NodeProcess(Map.copyOf(all), log, dir,
                configFile == null ? null : configFile.toAbsolutePath());
        try {
            node.launch(START_TIMEOUT);
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
        return node;
    }

    /** The port the node listens on (the same after a restart). */
    public int port() {
        return port;
    }

    /** The base HTTP URI, {@code http://127.0.0.1:<port>/}. */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port + "/");
    }

    /** The settings the node runs with, defaults included ({@code port} as given; {@link #port()} is the real one). */
    public Map<String, String> settings() {
        return settings;
    }

    /** The file the node's output goes to. */
    public Path log() {
        return log;
    }

    /** The operating system's id of the current process, or -1 when none runs. */
    public long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    /** Whether the node's process is running. */
    public boolean isRunning() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /** A token for {@code user} valid for an hour, signed with the node's {@code jwt-secret}. */
    public String token(String user) {
        return tokens.issue(user, Duration.ofHours(1));
    }

    /** The node's API key, for backend calls such as {@code POST /api/publish}. */
    public String apiKey() {
        return settings.get("api-key");
    }

    /** The REST helper. */
    public TestHttp http() {
        return rest;
    }

    /** A connected client for {@code user} on {@code /ws} that has received {@code connection_established}. */
    public TestClient client(String user) {
        TestClient client = connect(ConnectOptions.tokenInQuery(token(user)));
        client.awaitEstablished();
        return client;
    }

    /**
     * A client on {@code /ws/user/<user>?delivery=ack&last_seq=N} that has received {@code connection_established}; the node
     * then replays every event after {@code lastSeq} (null: every event not yet acked).
     */
    public TestClient userClient(String user, Long lastSeq) {
        ConnectOptions options = ConnectOptions.tokenInQuery(token(user)).path(TestServer.userPath(user));
        // Our test client acks what it reads: it asks for exactly-once delivery, as client-js does.
        options.query("delivery", "ack");
        if (lastSeq != null) {
            options.query("last_seq", String.valueOf(lastSeq));
        }
        TestClient client = connect(options);
        client.awaitEstablished();
        return client;
    }

    /** Opens a socket as the options say; throws {@link ConnectFailedException} when it cannot. */
    public TestClient connect(ConnectOptions options) {
        TestClient client = SocketOpener.open(http, port, options);
        clients.removeIf(c -> !c.isOpen());
        clients.add(client);
        return client;
    }

    /**
     * Kills the process with SIGKILL, as a crash would, and waits until it is gone; its clients find out as they
     * would from a crash. No-op when none runs.
     */
    public void kill() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroyForcibly();
        awaitExit(p, STOP_TIMEOUT);
        RUNNING.remove(p);
    }

    /**
     * Stops the node with SIGTERM (a graceful shutdown: sessions get 1001) and waits until the process ends; kills
     * it when it has not ended within 20 s. No-op when none runs.
     */
    public void stop() {
        Process p = process;
        if (p == null) {
            return;
        }
        p.destroy();
        if (!awaitExit(p, STOP_TIMEOUT)) {
            p.destroyForcibly();
            awaitExit(p, STOP_TIMEOUT);
        }
        RUNNING.remove(p);
    }

    /** Starts the node again on the same port with the same settings (stopping it first if it runs); waits until ready. */
    public void restart() {
        stop();
        launch(START_TIMEOUT);
    }

    /** Waits until {@code /health/ready} answers 200; fails when the process ends or {@code timeout} passes. */
    public void awaitReady(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("no answer");
        try {
            await("node on port " + port + " ready").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(100)).pollInSameThread().until(() -> isReady(last));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("node on port " + port + " not ready within " + timeout.toSeconds() + " s (last: "
                    + last.get() + ")" + exitAndTail(null), e);
        }
    }

    /** Asks {@code /health/ready} once: whether it answered 200; what it said otherwise goes into {@code last}. */
    private boolean isReady(AtomicReference<String> last) throws InterruptedException {
        Process p = process;
        if (p == null || !p.isAlive()) {
            throw new AssertionError("node on port " + port + " is not running" + exitAndTail(p));
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(httpUri().resolve("health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            last.set(r.statusCode() + " " + r.body());
            return r.statusCode() == 200;
        } catch (IOException e) {
            last.set(e.toString());
            return false;
        }
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** Kills the process if it runs, drops the clients opened through this node and deletes the data directory. */
    @Override
    public void close() {
        try {
            kill();
        } finally {
            clients.forEach(TestClient::abort);
            clients.clear();
            deleteTree(dataDir);
        }
    }

    private void launch(Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeLauncher.class.getName());
        command.add("serve");
        if (configFile != null) {
            command.add("--config");
            command.add(configFile.toString());
        }
        settings.forEach((key, value) -> {
            command.add("--set");
            command.add(key + "=" + (key.equals("port") ? String.valueOf(port) : value));
        });
        ProcessBuilder builder = new ProcessBuilder(command).directory(dataDir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only the flags configure the node: no SWITCHBOARD_* variable of the test's environment reaches it.
        builder.environment().keySet().removeIf(k -> k.startsWith("SWITCHBOARD_") && !k.equals("SWITCHBOARD_LOG_LEVEL"));
        long offset;
        try {
            starts++;
            Files.writeString(log, "==== start " + starts + " at " + Instant.now() + " on port " + port + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            offset = Files.size(log);
            Process p = builder.start();
            RUNNING.add(p);
            process = p;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a node process: " + e.getMessage(), e);
        }
        long launched = System.nanoTime();
        port = awaitPort(offset, timeout);
        rest = new TestHttp(http, httpUri(), apiKey());
        awaitReady(Duration.ofNanos(Math.max(1_000_000, timeout.toNanos() - (System.nanoTime() - launched))));
    }

    /** Reads the port from the {@code Switchboard listening on …} line this start wrote after {@code offset}. */
    private int awaitPort(long offset, Duration timeout) {
        try {
            return await("the node process listening").atMost(timeout)
                    .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50)).pollInSameThread()
                    .until(() -> listeningPort(offset), found -> found > 0);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the node process did not start listening in time" + exitAndTail(null), e);
        }
    }

    /** The port in the {@code Switchboard listening on …} line written after {@code offset}, or 0 when none is yet. */
    private int listeningPort(long offset) {
        try {
            byte[] bytes = Files.readAllBytes(log);
            String written = new String(bytes, (int) Math.min(offset, bytes.length),
                    (int) Math.max(0, bytes.length - offset), StandardCharsets.UTF_8);
            Matcher m = LISTENING.matcher(written);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        } catch (IOException e) {
            // Not written yet.
        }
        Process p = process;
        if (!p.isAlive()) {
            RUNNING.remove(p);
            throw new AssertionError("the node process ended while starting" + exitAndTail(p));
        }
        return 0;
    }

    private String exitAndTail(Process p) {
        return (p != null && !p.isAlive() ? " (exit code " + p.exitValue() + ")" : "") + "; log " + log + ":\n"
                + logTail(30);
    }

    private static boolean awaitExit(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return false;
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }
}
