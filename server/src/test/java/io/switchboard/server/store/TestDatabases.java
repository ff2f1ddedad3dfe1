package io.switchboard.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/** The real PostgreSQL the tests use: SWITCHBOARD_TEST_PG_URL, or the local server's database {@code test}. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** The base JDBC URL of the test database. */
    public static String postgresUrl() {
        String url = System.getenv("SWITCHBOARD_TEST_PG_URL");
        return url != null ? url : "jdbc:postgresql://127.0.0.1:5432/test";
    }

    /** The test database user. */
    public static String postgresUser() {
        String user = System.getenv("SWITCHBOARD_TEST_PG_USER");
        return user != null ? user : "postgres";
    }

    /** Creates a fresh schema and returns a URL whose tables live in it, so test runs never collide. */
    public static String freshPostgresSchema() throws SQLException {
        String schema = "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Drops a schema made by {@link #freshPostgresSchema()}. */
    public static void dropSchema(String url) throws SQLException {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), null);
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
