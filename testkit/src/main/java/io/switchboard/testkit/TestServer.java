package io.switchboard.testkit;

import static org.awaitility.Awaitility.await;

import io.switchboard.server.Switchboard;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.SettingValues;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Switchboard node for tests: on 127.0.0.1, a free port and a fresh temporary data directory (SQLite),
 * with helpers to issue tokens, open client sockets and call the REST API. {@link #close()} shuts it down,
 * drops the clients it opened and deletes the directory.
 */
public final class TestServer implements AutoCloseable {
    /** Settings every test server starts with; the caller's settings override them. */
    public static final Map<String, String> DEFAULTS = Map.of("host", "127.0.0.1", "port", "0", "shutdown-grace", "1s");

    private final Switchboard switchboard;
    private final Path dataDir;
    private final HttpClient http;
    private final TestHttp rest;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    private TestServer(Switchboard switchboard, Path dataDir) {
        this.switchboard = switchboard;
        this.dataDir = dataDir;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(SocketOpener.CONNECT_TIMEOUT).build();
        this.rest = new TestHttp(http, httpUri(), switchboard.apiKey());
    }

    /** Starts a server with the {@link #DEFAULTS} overridden by {@code settings}; blocks until it serves. */
    public static TestServer start(Map<String, String> settings) {
        return start(settings, List.of());
    }

    /** Starts a server with settings and apps installed in order; blocks until it serves. */
    public static TestServer start(Map<String, String> settings, List<SwitchboardApp> apps) {
        Path dir;
        try {
            dir = Files.createTempDirectory("switchboard-test-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary data directory", e);
        }
        Map<String, String> all = new LinkedHashMap<>(DEFAULTS);
        all.put("data-dir", dir.toString());
        all.putAll(settings);
        try {
            Switchboard node = Switchboard.create(SettingValues.of(all));
            apps.forEach(node::install);
            return new TestServer(node.start(), dir);
        } catch (RuntimeException e) {
            deleteTree(dir);
            throw e;
        }
    }

    /** The node itself, for what the helpers do not cover (metrics, gateway, shutdown). */
    public Switchboard switchboard() {
        return switchboard;
    }

    /** The port the node listens on. */
    public int port() {
        return switchboard.port();
    }

    /** The node's data directory (deleted on {@link #close()}). */
    public Path dataDir() {
        return dataDir;
    }

    /** The general socket's URI, {@code ws://127.0.0.1:<port>/ws}. */
    public URI wsUri() {
        return URI.create("ws://127.0.0.1:" + port() + "/ws");
    }

    /** The base HTTP URI, {@code http://127.0.0.1:<port>/}. */
    public URI httpUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** A token for {@code user} valid for an hour, signed with the node's key. */
    public String token(String user) {
        return token(user, Duration.ofHours(1));
    }

    /** A token for {@code user} valid for {@code ttl} (negative for one already expired). */
    public String token(String user, Duration ttl) {
        return switchboard.tokens().issue(user, ttl);
    }

    /**
     * A subscription token, as a backend would sign it: {@code user} may subscribe to {@code channel} (or, ending in
     * {@code *}, to the channels it starts) for {@code ttl} (negative for one already expired).
     */
    public String subscriptionToken(String user, String channel, Duration ttl) {
        return switchboard.tokens().issueSubscription(user, channel, ttl);
    }

    /** A token for {@code user} with the {@code admin} role (may change any user's records), valid for an hour. */
    public String adminToken(String user) {
        return switchboard.tokens().issue(user, Duration.ofHours(1), java.util.Set.of("admin"));
    }

    /** The API key for backend calls such as {@code POST /api/publish}, or null when the node has none. */
    public String apiKey() {
        return switchboard.apiKey();
    }

    /** The REST helper. */
    public TestHttp http() {
        return rest;
    }

    /** The value of one series of {@code GET /metrics} (name and labels as exposed), or 0 when it is not exposed yet. */
    public double metric(String series) {
        return PrometheusText.value(rest.get("/metrics").body(), series);
    }

    /** Waits until the node counts exactly {@code count} open sessions; AssertionError when it does not in time. */
    public void awaitOpenConnections(int count) {
        try {
            await("the node's open sessions").atMost(TestClient.DEFAULT_TIMEOUT).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(10)).until(() -> switchboard.metrics().openConnections() == count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("expected " + count + " open sessions but the node has "
                    + switchboard.metrics().openConnections(), e);
        }
    }

    /** A connected client for {@code user} (token in the query) that has received {@code connection_established}. */
    public TestClient client(String user) {
        TestClient client = connect(ConnectOptions.tokenInQuery(token(user)));
        String seen = client.userId();
        if (!user.equals(seen)) {
            throw new AssertionError("connected as " + user + " but connection_established says " + seen);
        }
        return client;
    }

    /**
     * A client on the user's event socket {@code /ws/user/<user>?delivery=ack} (token in the query) that has received
     * {@code connection_established}; the server then replays every event not yet acked.
     */
    public TestClient userClient(String user) {
        return userClient(user, null);
    }

    /**
     * A client on {@code /ws/user/<user>?delivery=ack&last_seq=N} that has received {@code connection_established}; the server
     * then replays every event after {@code lastSeq} (null: every event not yet acked).
     */
    public TestClient userClient(String user, Long lastSeq) {
        ConnectOptions options = ConnectOptions.tokenInQuery(token(user)).path(userPath(user));
        // Our test client acks what it reads: it asks for exactly-once delivery, as client-js does.
        options.query("delivery", "ack");
        if (lastSeq != null) {
            options.query("last_seq", String.valueOf(lastSeq));
        }
        TestClient client = connect(options);
        client.awaitEstablished();
        return client;
    }

    /** The path of a user's event socket, {@code /ws/user/<user, URL-encoded>}. */
    public static String userPath(String user) {
        return "/ws/user/" + URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Opens a socket as the options say and returns it once the handshake is done, without waiting for any
     * frame; throws {@link ConnectFailedException} when the handshake is refused or nothing listens.
     */
    public TestClient connect(ConnectOptions options) {
        TestClient client = SocketOpener.open(http, port(), options);
        clients.add(client);
        return client;
    }

    /** Shuts the node down (sessions get 1001), drops the clients still open and deletes the data directory. */
    @Override
    public void close() {
        try {
            switchboard.shutdown();
        } finally {
            clients.forEach(TestClient::abort);
            clients.clear();
            deleteTree(dataDir);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is not worth failing a test for.
        }
    }
}
