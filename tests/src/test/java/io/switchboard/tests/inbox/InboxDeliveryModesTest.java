package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.SeedSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two delivery modes of {@code /ws/user/<id>} (issue 13): a socket that does not ask for acks gets the seed's
 * outbox semantics (an event is delivered once written: never pushed twice on that socket, and a reconnect replays
 * only what no socket was written), and one that connects with {@code delivery=ack} keeps exactly-once delivery.
 * The seed-like client is the JDK's WebSocket, which acks nothing; redelivery is due every 300 ms, so the waits
 * below span several periods, counted by the sweep's own metric.
 */
@SwitchboardTest(settings = "inbox-redeliver-after=300ms")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxDeliveryModesTest {
    /** Sweep passes to wait for: the sweep runs every 150 ms here, so 12 passes span six redelivery periods. */
    private static final int SWEEPS = 12;

    @Test
    void a_socket_that_never_acks_gets_each_event_once_while_it_stays_open(TestServer server) {
        try (SeedSocket seed = seedSocket(server, "ada", "")) {
            for (int i = 1; i <= 3; i++) {
                Inboxes.emit(server, "ada", "note", Json.object().put("i", i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> seed.frames("note").size() == 3);

            awaitSweeps(server, SWEEPS);
            Inboxes.emit(server, "ada", "fence", Json.object());
            await().atMost(Duration.ofSeconds(10)).until(() -> seed.frames("fence").size() == 1);

            assertThat(seqs(seed.frames("note"))).containsExactly(1L, 2L, 3L);
            awaitStatuses(server, "ada", List.of("delivered", "delivered", "delivered", "delivered"));
        }
    }

    @Test
    void a_reconnect_of_a_socket_that_never_acks_replays_only_what_was_not_yet_sent(TestServer server) {
        try (SeedSocket first = seedSocket(server, "grace", "")) {
            Inboxes.emit(server, "grace", "note", Json.object().put("i", 1));
            Inboxes.emit(server, "grace", "note", Json.object().put("i", 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.frames("note").size() == 2);
            first.abort();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.switchboard().inbox().sockets("grace") == 0);
        Inboxes.emit(server, "grace", "note", Json.object().put("i", 3));
        Inboxes.emit(server, "grace", "note", Json.object().put("i", 4));

        try (SeedSocket second = seedSocket(server, "grace", "")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> second.frames("note").size() >= 2);
            awaitSweeps(server, SWEEPS);
            Inboxes.emit(server, "grace", "note", Json.object().put("i", 5));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.frames("note").size() >= 3);
            assertThat(seqs(second.frames("note"))).containsExactly(3L, 4L, 5L);
            second.close();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.switchboard().inbox().sockets("grace") == 0);

        try (SeedSocket third = seedSocket(server, "grace", "")) {
            Inboxes.emit(server, "grace", "fence", Json.object());
            await().atMost(Duration.ofSeconds(10)).until(() -> third.frames("fence").size() == 1);
            assertThat(third.frames("note")).isEmpty();
        }
    }

    @Test
    void a_client_that_acks_gets_an_event_it_did_not_ack_again_after_reconnect(TestServer server) {
        try (TestClient client = server.userClient("alan")) {
            Inboxes.emit(server, "alan", "note", Json.object().put("i", 1));
            Inboxes.emit(server, "alan", "note", Json.object().put("i", 2));
            assertThat(client.awaitEvents(2)).containsExactly(1L, 2L);
            client.ackEvents(1).assertAck();
        }
        try (TestClient back = server.userClient("alan")) {
            assertThat(back.awaitEvents(1)).containsExactly(2L);
        }
    }

    @Test
    void a_client_that_acks_and_crashes_before_reading_loses_nothing(TestServer server) {
        // Written to the socket, never acked: with delivery=ack that is not delivered, however long the socket lived.
        try (SeedSocket crashing = seedSocket(server, "barbara", "&delivery=ack")) {
            for (int i = 1; i <= 3; i++) {
                Inboxes.emit(server, "barbara", "note", Json.object().put("i", i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> crashing.frames("note").size() >= 3);
            crashing.abort();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.switchboard().inbox().sockets("barbara") == 0);
        try (SeedSocket back = seedSocket(server, "barbara", "&delivery=ack")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> back.frames("note").size() >= 3);
            assertThat(seqs(back.frames("note")).subList(0, 3)).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void an_unknown_delivery_mode_is_reported_and_the_socket_is_pushed_events_until_they_are_acked(TestServer server) {
        try (SeedSocket seed = seedSocket(server, "edsger", "&delivery=maybe")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> seed.frames("error").size() == 1);
            assertThat(seed.frames("error").get(0).at("/error/field").asText()).isEqualTo("delivery");
            Inboxes.emit(server, "edsger", "note", Json.object());
            // Not acked: pushed again on the open socket, as for delivery=ack.
            await().atMost(Duration.ofSeconds(10)).until(() -> seed.frames("note").size() >= 2);
            assertThat(seqs(seed.frames("note"))).containsOnly(1L);
        }
    }

    @Test
    void an_events_object_fields_are_also_at_the_top_level_but_never_over_the_envelopes(TestServer server) {
        try (SeedSocket seed = seedSocket(server, "katherine", "")) {
            Inboxes.emit(server, "katherine", "note", Json.object().put("text", "hi").put("type", "theirs")
                    .put("channel", "c").put("seq", 99));
            Inboxes.emit(server, "katherine", "count", Json.mapper().getNodeFactory().numberNode(7));
            await().atMost(Duration.ofSeconds(10)).until(() -> seed.frames("count").size() == 1);

            JsonNode note = seed.frames("note").get(0);
            assertThat(note.path("text").asText()).isEqualTo("hi");
            assertThat(note.path("type").asText()).isEqualTo("note");
            assertThat(note.path("seq").asLong()).isEqualTo(1);
            assertThat(note.has("channel")).isFalse();
            assertThat(note.path("data")).isEqualTo(Json.object().put("text", "hi").put("type", "theirs")
                    .put("channel", "c").put("seq", 99));
            JsonNode count = seed.frames("count").get(0);
            assertThat(count.path("data").asInt()).isEqualTo(7);
            assertThat(count.size()).isEqualTo(3);
        }
    }

    private static SeedSocket seedSocket(TestServer server, String user, String extraQuery) {
        SeedSocket seed = SeedSocket.open(server.port(), TestServer.userPath(user) + "?token=" + server.token(user) + extraQuery);
        await().atMost(Duration.ofSeconds(10)).until(() -> seed.frames("connection_established").size() == 1);
        return seed;
    }

    /** Waits until the inbox sweep (which would redeliver) has run {@code passes} more times. */
    private static void awaitSweeps(TestServer server, int passes) {
        double from = server.metric("switchboard_inbox_sweeps_total");
        await().atMost(Duration.ofSeconds(20)).until(() -> server.metric("switchboard_inbox_sweeps_total") >= from + passes);
    }

    private static List<Long> seqs(List<JsonNode> frames) {
        return frames.stream().map(f -> f.path("seq").asLong()).toList();
    }

    private static void awaitStatuses(TestServer server, String user, List<String> expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> statuses(server, user).equals(expected));
    }

    private static List<String> statuses(TestServer server, String user) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = server.switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT status FROM user_events WHERE user_id = ? ORDER BY seq")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
