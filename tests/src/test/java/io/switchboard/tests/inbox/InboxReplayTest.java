package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A socket that comes back gets what it missed, in order, each once, and then the live stream. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxReplayTest {

    @Test
    void a_reconnect_with_last_seq_gets_exactly_the_missed_events_in_order_then_the_live_ones(TestServer server) {
        try (TestClient first = server.userClient("ada")) {
            Inboxes.emitMany(server, "ada", 1, 5);
            assertThat(first.awaitEvents(5)).isEqualTo(Inboxes.range(1, 5));
        }
        Inboxes.emitMany(server, "ada", 6, 5);
        try (TestClient back = server.userClient("ada", 5L)) {
            assertThat(back.awaitEvents(5)).isEqualTo(Inboxes.range(6, 10));
            back.assertNoPush(Duration.ofMillis(300));
            Inboxes.emit(server, "ada", "tick", Json.object().put("i", 11));
            JsonNode live = back.awaitEvent();
            assertThat(live.path("seq").asLong()).isEqualTo(11);
            assertThat(live.at("/data/i").asInt()).isEqualTo(11);
        }
    }

    @Test
    void last_seq_replays_delivered_events_too_so_a_second_device_catches_up(TestServer server) {
        try (TestClient phone = server.userClient("grace")) {
            Inboxes.emitMany(server, "grace", 1, 4);
            phone.awaitEvents(4);
            phone.ackEvents(4).assertAck();
        }
        try (TestClient laptop = server.userClient("grace", 1L)) {
            assertThat(laptop.awaitEvents(3)).isEqualTo(Inboxes.range(2, 4));
        }
    }

    @Test
    void without_last_seq_a_socket_gets_every_event_not_yet_acked(TestServer server) {
        try (TestClient first = server.userClient("alan")) {
            Inboxes.emitMany(server, "alan", 1, 4);
            first.awaitEvents(4);
            first.ackEvents(2).assertAck();
        }
        try (TestClient back = server.userClient("alan")) {
            assertThat(back.awaitEvents(2)).isEqualTo(Inboxes.range(3, 4));
            back.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void a_resume_message_replays_after_its_last_seq_and_its_ack_names_the_position(TestServer server) {
        try (TestClient client = server.userClient("hedy")) {
            Inboxes.emitMany(server, "hedy", 1, 6);
            assertThat(client.awaitEvents(6)).isEqualTo(Inboxes.range(1, 6));

            Reply reply = client.request("resume", Json.object().put("last_seq", 3));

            reply.assertAck();
            assertThat(reply.data().path("last_seq").asLong()).isEqualTo(6);
            assertThat(client.awaitEvents(3)).isEqualTo(Inboxes.range(4, 6));
        }
    }

    @Test
    void a_last_seq_beyond_the_stream_starts_from_its_end(TestServer server) {
        Inboxes.emitMany(server, "kay", 1, 2);
        try (TestClient client = server.userClient("kay", 99L)) {
            client.assertNoPush(Duration.ofMillis(300));
            Inboxes.emit(server, "kay", "tick", Json.object());
            assertThat(client.awaitEvent().path("seq").asLong()).isEqualTo(3);
        }
    }

    @Test
    void a_malformed_last_seq_is_reported_and_the_unacked_events_are_replayed(TestServer server) {
        Inboxes.emitMany(server, "margaret", 1, 2);
        try (TestClient client = server.connect(io.switchboard.testkit.ConnectOptions.tokenInQuery(server.token("margaret"))
                .path(TestServer.userPath("margaret")).query("last_seq", "minus-one"))) {
            Reply error = client.awaitError();
            assertThat(error.errorCode()).isEqualTo("invalid_field");
            assertThat(error.errorField()).isEqualTo("last_seq");
            assertThat(client.awaitEvents(2)).isEqualTo(Inboxes.range(1, 2));
        }
    }
}
