package io.switchboard.tests.outage;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.server.store.Database;
import io.switchboard.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.sqlite.SQLiteDataSource;

/**
 * {@link DiskFullContract} on a real SQLite file whose node may use {@link #ROOM_PAGES} pages beyond what the
 * migrations take ({@code max_page_count}, which SQLite enforces with the same {@code SQLITE_FULL} a full disk gives).
 * The test fills the file through a connection of its own, which has no such limit, and frees it by dropping what it
 * wrote.
 */
@Timeout(120)
class DiskFullOnSqliteTest extends DiskFullContract {
    static final int ROOM_PAGES = 400;

    private static Path file;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("switchboard-disk-full-");
        file = dir.resolve("switchboard.db");
        SQLiteDataSource ds = new SQLiteDataSource();
        ds.setUrl("jdbc:sqlite:" + file);
        Database.migrate(ds, true);
        long pages;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            try (ResultSet rs = s.executeQuery("PRAGMA page_count")) {
                rs.next();
                pages = rs.getLong(1);
            }
        }
        server = TestServer.start(Map.of("database-url", "jdbc:sqlite:" + file + "?max_page_count=" + (pages + ROOM_PAGES)),
                List.of(new IngestApp()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    TestServer server() {
        return server;
    }

    @Override
    void fill() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("CREATE TABLE IF NOT EXISTS filler (b BLOB)");
            // Past the node's page limit: no write of the node can grow the file, and the free list is empty.
            s.execute("INSERT INTO filler SELECT zeroblob(4096 * " + (ROOM_PAGES + 50) + ")");
        }
    }

    @Override
    void makeRoom() throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            s.execute("DROP TABLE filler");
        }
    }
}
