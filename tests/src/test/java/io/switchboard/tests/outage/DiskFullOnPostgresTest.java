package io.switchboard.tests.outage;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link DiskFullContract} on PostgreSQL. Filling the machine's disk is not something a test may do, so the tables the
 * node writes get a trigger that fails each write as PostgreSQL does when it cannot extend a file: SQLSTATE
 * {@code 53100} ({@code disk_full}), "could not extend file ... No space left on device". Dropping it makes room.
 */
@Timeout(120)
@NeedsPostgres
class DiskFullOnPostgresTest extends DiskFullContract {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("diskfull");
    private static final List<String> TABLES = List.of("user_events", "user_inbox", "location_history");

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(SCHEMA.settings(), List.of(new IngestApp()));
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
        try (Connection c = DriverManager.getConnection(SCHEMA.url(), SCHEMA.user(), null); Statement s = c.createStatement()) {
            s.execute("CREATE OR REPLACE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'could not extend file \"base/16384/16385\": No space left on device' "
                    + "USING ERRCODE = '53100', HINT = 'Check free disk space.'; END $$");
            for (String table : TABLES) {
                s.execute("CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON " + table
                        + " FOR EACH ROW EXECUTE FUNCTION disk_full()");
            }
        }
    }

    @Override
    void makeRoom() throws SQLException {
        try (Connection c = DriverManager.getConnection(SCHEMA.url(), SCHEMA.user(), null); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.execute("DROP TRIGGER disk_full ON " + table);
            }
        }
    }
}
