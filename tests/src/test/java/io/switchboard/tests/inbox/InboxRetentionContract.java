package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Events past {@code inbox-retention} (2 s here) are deleted; numbering never starts again. On SQLite and PostgreSQL. */
abstract class InboxRetentionContract {
    static final java.util.Map<String, String> SETTINGS = java.util.Map.of("inbox-retention", "2s");

    abstract TestServer server();

    @Test
    void delivered_events_older_than_the_retention_are_deleted_and_new_ones_keep_counting() {
        TestServer server = server();
        try (TestClient client = server.userClient("ada")) {
            Inboxes.emitMany(server, "ada", 1, 3);
            client.awaitEvents(3);
            client.ackEvents(3).assertAck();
        }
        Inboxes.sleep(3500);
        assertThat(Inboxes.statuses(server, "ada")).isEmpty();

        try (TestClient back = server.userClient("ada", 0L)) {
            back.assertNoPush(Duration.ofMillis(300));
            Inboxes.emit(server, "ada", "tick", Json.object());
            assertThat(back.awaitEvent().path("seq").asLong()).isEqualTo(4);
        }
    }

    @Test
    void events_never_acked_are_deleted_once_they_were_due_longer_than_the_retention() {
        TestServer server = server();
        Inboxes.emitMany(server, "grace", 1, 2);
        Inboxes.sleep(3500);
        assertThat(Inboxes.statuses(server, "grace")).isEmpty();
    }
}
