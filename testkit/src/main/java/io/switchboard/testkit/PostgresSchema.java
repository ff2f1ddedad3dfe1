package io.switchboard.testkit;

import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh schema in a test PostgreSQL for one test class, dropped after it: {@code SWITCHBOARD_TEST_PG_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}) as {@code SWITCHBOARD_TEST_PG_USER} (default
 * {@code postgres}). Register it before the server's extension, so that the server closes first:
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final PostgresSchema SCHEMA = new PostgresSchema("inbox");
 * @RegisterExtension @Order(2) static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(SCHEMA.settings());
 * }</pre>
 */
public final class PostgresSchema implements AfterAllCallback {
    private final String base;
    private final String user;
    private final String schema;

    /** Creates a schema named {@code sb_<prefix>_<random>} now; fails when PostgreSQL cannot be reached. */
    public PostgresSchema(String prefix) {
        String url = System.getenv("SWITCHBOARD_TEST_PG_URL");
        String u = System.getenv("SWITCHBOARD_TEST_PG_USER");
        this.base = url != null ? url : "jdbc:postgresql://127.0.0.1:5432/test";
        this.user = u != null ? u : "postgres";
        this.schema = "sb_" + prefix.replaceAll("[^a-z0-9_]", "") + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        run("CREATE SCHEMA " + schema);
    }

    /** The JDBC URL whose tables live in the schema. */
    public String url() {
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /**
     * The JDBC URL of the schema with PostgreSQL's host and port replaced by {@code via}, such as a {@link TcpProxy}
     * in front of {@link #address()}.
     */
    public String url(InetSocketAddress via) {
        URI uri = URI.create(url().substring("jdbc:".length()));
        return "jdbc:postgresql://" + via.getHostString() + ":" + via.getPort() + uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }

    /** Where PostgreSQL listens, from the URL (port 5432 when it names none). */
    public InetSocketAddress address() {
        URI uri = URI.create(base.substring("jdbc:".length()));
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
    }

    /** The database user. */
    public String user() {
        return user;
    }

    /** The settings that point a server at the schema ({@code database-url}, {@code database-user}). */
    public Map<String, String> settings() {
        return Map.of("database-url", url(), "database-user", user);
    }

    /** The settings that point a server at the schema through {@code via} instead of PostgreSQL's own address. */
    public Map<String, String> settings(InetSocketAddress via) {
        return Map.of("database-url", url(via), "database-user", user);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        run("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private void run(String sql) {
        try (Connection c = DriverManager.getConnection(base, user, null); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + base + " is needed for this test (.ci/run starts it): "
                    + e.getMessage(), e);
        }
    }
}
