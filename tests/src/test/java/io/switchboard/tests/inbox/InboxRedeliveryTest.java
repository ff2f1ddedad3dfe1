package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The sweep pushes again an event a socket got but did not ack within {@code inbox-redeliver-after}. */
@SwitchboardTest(settings = "inbox-redeliver-after=1s")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxRedeliveryTest {

    @Test
    void an_event_not_acked_in_time_is_pushed_again_until_it_is_acked(TestServer server) {
        try (TestClient client = server.userClient("ada")) {
            Inboxes.emit(server, "ada", "note", Json.object().put("text", "hello"));
            Inboxes.emit(server, "ada", "note", Json.object().put("text", "again"));
            assertThat(client.awaitEvents(2)).containsExactly(1L, 2L);
            client.ackEvents(1).assertAck();

            var again = client.timeout(Duration.ofSeconds(5)).awaitEvent();
            assertThat(again.path("seq").asLong()).isEqualTo(2);
            assertThat(again.at("/data/text").asText()).isEqualTo("again");
            client.ackEvents(2).assertAck();

            client.assertNoPush(Duration.ofMillis(2500));
            assertThat(server.metric("switchboard_inbox_redelivered_total")).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void an_event_is_not_pushed_again_to_a_user_whose_socket_closed_but_waits_for_the_next_one(TestServer server) {
        try (TestClient client = server.userClient("grace")) {
            Inboxes.emit(server, "grace", "note", Json.object());
            client.awaitEvent();
        }
        Inboxes.sleep(1500);
        assertThat(Inboxes.statuses(server, "grace")).containsExactly("pending");
        try (TestClient back = server.userClient("grace")) {
            assertThat(back.awaitEvent().path("seq").asLong()).isEqualTo(1);
        }
    }
}
