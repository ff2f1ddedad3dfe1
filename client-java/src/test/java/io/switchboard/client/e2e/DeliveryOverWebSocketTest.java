package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.AuthMode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.Transport;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.SiteVisit;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The happy path of the seed: connect, send each type, get each acked after the commit, over both socket endpoints. */
@Timeout(60)
class DeliveryOverWebSocketTest {
    @TempDir
    static Path dir;
    static IngestNode node;

    @BeforeAll
    static void startServer() {
        node = new IngestNode(dir, Map.of()).start(true);
    }

    @AfterAll
    static void stopServer() {
        node.close();
    }

    private static SwitchboardClient client(String hash, AuthMode mode, Recorder r) {
        return SwitchboardClient.builder(node.url()).childHash(hash).authMode(mode)
                .buffer(new MemoryMessageBuffer())
                .onStateChange(r::state).onPush(r::push).onFatal(r::fatal).onDelivery(r)
                .build();
    }

    @ParameterizedTest
    @EnumSource(AuthMode.class)
    void each_message_type_is_acked_over_the_socket_and_stored(AuthMode mode) {
        IngestNode.Enrolled child = node.enrol("ws-parent", "Sam " + mode);
        Recorder r = new Recorder();
        try (SwitchboardClient client = client(child.hash(), mode, r)) {
            client.start();
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            String st = client.sendScreenTime(ScreenTime.builder(LocalDate.now(ZoneOffset.UTC), 3600)
                    .app("com.example.app", 0, 1800).app("com.example.app", 1, 1200).build());
            String loc = client.sendLocation(Location.of(now.minusSeconds(60), 40.7128, -74.0060));
            String site = client.sendSiteAccess(SiteAccess.of(SiteVisit.of(now.minusSeconds(30), "https://example.com", true),
                    SiteVisit.of(now.minusSeconds(20), "https://blocked.example.com", false)));

            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();
            assertThat(r.acked.keySet()).containsExactlyInAnyOrder(st, loc, site);
            assertThat(r.acked.values()).allSatisfy(d -> assertThat(d.transport()).isEqualTo(Transport.WEBSOCKET));
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED_WEBSOCKET);
            assertThat(r.states).startsWith(ConnectionState.CONNECTING, ConnectionState.CONNECTED_WEBSOCKET);
            assertThat(r.pushes).contains("connection_established");
            assertThat(client.stats().sentWebSocket()).isEqualTo(3);
            assertThat(client.stats().acked()).isEqualTo(3);
        }
        assertThat(count("SELECT COUNT(*) FROM location_history WHERE child_id = ?", child.id())).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM site_access_log WHERE child_id = ?", child.id())).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM app_screen_time a JOIN screen_time s ON a.screen_time_id = s.id WHERE s.child_id = ?",
                child.id())).isEqualTo(2);
    }

    @Test
    void a_message_the_server_refuses_for_good_leaves_the_buffer_is_reported_and_the_rest_go_on() {
        IngestNode.Enrolled child = node.enrol("ws-parent", "Alex");
        Recorder r = new Recorder();
        try (SwitchboardClient client = client(child.hash(), AuthMode.PATH, r)) {
            client.start();
            String tooOld = client.sendLocation(Location.of(Instant.now().minus(800, ChronoUnit.DAYS), 1, 1));
            String fine = client.sendLocation(Location.of(Instant.now().minusSeconds(5), 1, 1));

            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();
            assertThat(r.rejected).containsOnlyKeys(tooOld);
            assertThat(r.rejected.get(tooOld).code()).isEqualTo("invalid_field");
            assertThat(r.rejected.get(tooOld).field()).isEqualTo("data.timestamp");
            assertThat(r.rejected.get(tooOld).temporary()).isFalse();
            assertThat(r.acked).containsOnlyKeys(fine);
            assertThat(client.stats().rejected()).isEqualTo(1);
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED_WEBSOCKET);
        }
    }

    @Test
    void messages_sent_before_start_wait_in_the_buffer_and_go_out_in_order_once_started() {
        IngestNode.Enrolled child = node.enrol("ws-parent", "Kim");
        Recorder r = new Recorder();
        try (SwitchboardClient client = client(child.hash(), AuthMode.PATH, r)) {
            Instant t = Instant.now().minusSeconds(600).truncatedTo(ChronoUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                client.sendLocation(Location.of(t.plusSeconds(i), 10, i * 0.1));
            }
            assertThat(client.buffered()).isEqualTo(200);
            client.start();
            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();
        }
        java.util.List<Long> recorded = node.sql(c -> {
            java.util.List<Long> out = new java.util.ArrayList<>();
            try (var ps = c.prepareStatement("SELECT recorded_at FROM location_history WHERE child_id = ? ORDER BY id")) {
                ps.setLong(1, child.id());
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getLong(1));
                    }
                }
            }
            return out;
        });
        assertThat(recorded).as("200 rows, stored in the order sent").hasSize(200).isSorted().doesNotHaveDuplicates();
    }

    static long count(String sql, long childId) {
        return Rows.count(node, sql, childId);
    }
}
