package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server with the ingest app that a test can stop and start again on the same port and data directory (SQLite),
 * optionally with its device sockets refused ({@link HttpOnlyIngestApp}).
 */
public final class IngestNode implements AutoCloseable {
    private final Path dataDir;
    private final Map<String, String> extra;
    /** 0 until the first start, which takes the port the system gives; every later start comes back on it. */
    private int port;
    private TestServer server;

    /** A node on a free port of 127.0.0.1 keeping its data in {@code dataDir}; not started. */
    public IngestNode(Path dataDir, Map<String, String> extra) {
        this.dataDir = dataDir;
        this.extra = extra;
    }

    /** Starts (or restarts) the node; {@code sockets} false leaves the device sockets unmounted. */
    public IngestNode start(boolean sockets) {
        if (server != null) {
            throw new IllegalStateException("already running");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("port", String.valueOf(port));
        settings.put("data-dir", dataDir.toString());
        settings.put("rate-limit-per-second", "1000000");
        settings.put("rate-limit-burst", "1000000");
        settings.put("shutdown-grace", "1s");
        settings.putAll(extra);
        SwitchboardApp app = sockets ? new IngestApp() : new HttpOnlyIngestApp();
        server = TestServer.start(settings, List.of(app));
        port = server.port();
        return this;
    }

    /** Shuts the node down gracefully (sessions get 1001; in-flight writes get the grace). */
    public void stop() {
        if (server != null) {
            TestServer s = server;
            server = null;
            s.close();
        }
    }

    /** The running server. */
    public TestServer server() {
        if (server == null) {
            throw new IllegalStateException("not running");
        }
        return server;
    }

    /** {@code http://127.0.0.1:<port>}; known once the node has started. */
    public String url() {
        if (port == 0) {
            throw new IllegalStateException("not started yet: the port is the one the first start gets");
        }
        return "http://127.0.0.1:" + port;
    }

    /** Enrols a child for {@code parent}; returns its {@code child_hash}. */
    public Enrolled enrol(String parent, String name) {
        HttpReply r = server().http().postJson("/api/children/", Map.of("name", name),
                Map.of("Authorization", "Bearer " + server().token(parent)));
        assertThat(r.status()).as("enrol %s: %s", name, r).isEqualTo(201);
        JsonNode body = r.json();
        return new Enrolled(body.get("id").asLong(), body.get("child_hash").asText());
    }

    /** Runs SQL on the node's database (blocking; for assertions). */
    public <T> T sql(SqlWork<T> work) {
        try (Connection c = server().switchboard().database().dataSource().getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** SQL run by {@link #sql}. */
    @FunctionalInterface
    public interface SqlWork<T> {
        /** The work. */
        T run(Connection c) throws SQLException;
    }

    /**
     * An enrolled child.
     *
     * @param id   its id
     * @param hash its device hash
     */
    public record Enrolled(long id, String hash) {
    }
}
