package io.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.Settings;
import io.switchboard.testtags.NeedsPostgres;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class MigrationsTest {
    @TempDir
    Path dir;
    Vertx vertx;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void migrations_run_on_a_fresh_sqlite_file_and_again_as_a_no_op() throws Exception {
        DatabaseSettings settings = Settings.from(Map.of("data-dir", dir.toString())).database();
        assertMigratedTwice(settings);
        assertThat(dir.resolve("switchboard.db")).exists();
    }

    @NeedsPostgres
    @Test
    void migrations_run_on_postgresql() throws Exception {
        String url = TestDatabases.freshPostgresSchema();
        try {
            Map<String, String> raw = new HashMap<>();
            raw.put("data-dir", dir.toString());
            raw.put("database-url", url);
            raw.put("database-user", TestDatabases.postgresUser());
            assertMigratedTwice(Settings.from(raw).database());
        } finally {
            TestDatabases.dropSchema(url);
        }
    }

    private void assertMigratedTwice(DatabaseSettings settings) throws Exception {
        String first;
        try (Database db = Database.open(vertx, settings)) {
            first = NodeIdentity.load(db.dataSource());
            assertThat(db.ping().await(10, TimeUnit.SECONDS)).isNull();
            try (Connection c = db.dataSource().getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE success = "
                         + (settings.sqlite() ? "1" : "true"))) {
                rs.next();
                assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(1);
            }
        }
        try (Database again = Database.open(vertx, settings)) {
            assertThat(NodeIdentity.load(again.dataSource())).isEqualTo(first);
        }
        assertThat(first).hasSize(36);
    }
}
