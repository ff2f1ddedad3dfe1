package io.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code sqlite-synchronous}: what every pooled SQLite connection runs with, as SQLite itself reports it. */
@Timeout(60)
class SqliteSynchronousTest {
    /** SQLite's numbers for {@code PRAGMA synchronous}. */
    private static final int NORMAL = 1;
    private static final int FULL = 2;

    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path dir;

    @AfterEach
    void close() {
        vertx.close().await();
    }

    @Test
    void the_default_is_normal_and_full_can_be_chosen() throws Exception {
        assertThat(synchronous(Map.of())).isEqualTo(NORMAL);
        assertThat(synchronous(Map.of("sqlite-synchronous", "full"))).isEqualTo(FULL);
        assertThat(synchronous(Map.of("sqlite-synchronous", "NORMAL"))).isEqualTo(NORMAL);
    }

    @Test
    void another_value_is_refused_naming_the_setting() {
        assertThatThrownBy(() -> DatabaseSettings.from(SettingValues.of(Map.of("sqlite-synchronous", "OFF")), dir))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting 'sqlite-synchronous': must be NORMAL or FULL");
    }

    private int synchronous(Map<String, String> settings) throws Exception {
        Path sub = dir.resolve("db-" + settings.hashCode());
        try (Database db = Database.open(vertx, DatabaseSettings.from(SettingValues.of(settings), sub));
             Connection c = db.dataSource().getConnection();
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
