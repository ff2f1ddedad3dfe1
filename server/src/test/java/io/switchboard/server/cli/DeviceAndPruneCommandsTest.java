package io.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.Settings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class DeviceAndPruneCommandsTest {
    @TempDir
    Path dir;

    @Test
    void device_add_enrols_a_child_in_the_database_and_prints_its_hash() throws Exception {
        String out = run("device", "add", "--name", "Sam", "--parent", "alice", "--data-dir", dir.toString()).strip();

        assertThat(out).matches("[A-Za-z0-9_-]{43}");
        try (Connection c = DriverManager.getConnection(url());
             PreparedStatement ps = c.prepareStatement("SELECT parent_id, name FROM children WHERE child_hash = ?")) {
            ps.setString(1, out);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("alice");
                assertThat(rs.getString(2)).isEqualTo("Sam");
            }
        }
    }

    @Test
    void device_add_refuses_an_empty_name() {
        assertThat(Main.commandLine().execute("device", "add", "--name", " ", "--parent", "alice", "--data-dir", dir.toString()))
                .isEqualTo(2);
    }

    @Test
    void prune_deletes_telemetry_older_than_the_retention_setting() throws Exception {
        String hash = run("device", "add", "--name", "Sam", "--parent", "alice", "--data-dir", dir.toString()).strip();
        long now = System.currentTimeMillis();
        long day = 86_400_000L;
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            long child;
            try (ResultSet rs = s.executeQuery("SELECT id FROM children WHERE child_hash = '" + hash + "'")) {
                rs.next();
                child = rs.getLong(1);
            }
            s.execute("INSERT INTO location_history (child_id, recorded_at, latitude, longitude, created_at) VALUES ("
                    + child + ", " + (now - 40 * day) + ", 1, 1, " + now + "), (" + child + ", " + (now - day) + ", 2, 2, " + now + ")");
        }

        String out = run("prune", "--data-dir", dir.toString(), "--set", "ingest-retention=30d");

        assertThat(out).contains("1 locations");
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT latitude FROM location_history")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getDouble(1)).isEqualTo(2.0);
            assertThat(rs.next()).isFalse();
        }
    }

    private String url() {
        return Settings.from(Map.of("data-dir", dir.toString())).database().url();
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
