package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An emitted event is committed, then pushed with its sequence number to every socket of its user, and acked. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxDeliveryTest {

    @Test
    void an_emitted_event_reaches_every_socket_of_its_user_with_its_sequence_number(TestServer server) {
        try (TestClient phone = server.userClient("ada"); TestClient laptop = server.userClient("ada");
             TestClient other = server.userClient("grace")) {
            long seq = Inboxes.emit(server, "ada", "note", Json.object().put("text", "hello"));

            assertThat(seq).isEqualTo(1);
            for (TestClient c : List.of(phone, laptop)) {
                JsonNode event = c.awaitEvent();
                // The payload's fields also at the top level, as seed 004's clients read them (issue 13).
                assertThat(Json.write(event)).isEqualTo("{\"type\":\"note\",\"seq\":1,\"text\":\"hello\",\"data\":{\"text\":\"hello\"}}");
            }
            other.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void events_keep_their_order_and_numbers_count_up_without_gaps(TestServer server) {
        try (TestClient client = server.userClient("linus")) {
            for (int i = 0; i < 50; i++) {
                server.switchboard().inbox().emit("linus", "tick", Json.object().put("i", i));
            }
            List<Long> seqs = client.awaitEvents(50);
            assertThat(seqs).isEqualTo(Inboxes.range(1, 50));
        }
    }

    @Test
    void an_ack_marks_every_event_up_to_it_delivered_and_a_new_socket_gets_only_the_rest(TestServer server) {
        try (TestClient client = server.userClient("barbara")) {
            for (int i = 1; i <= 5; i++) {
                Inboxes.emit(server, "barbara", "tick", Json.object().put("i", i));
            }
            assertThat(client.awaitEvents(5)).isEqualTo(Inboxes.range(1, 5));
            client.ackEvents(3).assertAck();
            assertThat(Inboxes.statuses(server, "barbara")).containsExactly("delivered", "delivered", "delivered", "sent", "sent");
        }
        try (TestClient again = server.userClient("barbara")) {
            assertThat(again.awaitEvents(2)).isEqualTo(Inboxes.range(4, 5));
            again.assertNoPush(Duration.ofMillis(300));
        }
    }

    @Test
    void an_ack_for_an_event_the_socket_never_got_is_refused(TestServer server) {
        try (TestClient client = server.userClient("edsger")) {
            Inboxes.emit(server, "edsger", "tick", Json.object());
            client.awaitEvent();
            assertThat(client.ackEvents(2).errorCode()).isEqualTo("invalid_field");
            client.ackEvents(1).assertAck();
        }
    }
}
