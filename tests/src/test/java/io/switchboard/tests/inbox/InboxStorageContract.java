package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the event store promises, on SQLite and on PostgreSQL (see the subclasses): gap-free numbering per user
 * under concurrent emitters, acks, paged replay, and scheduled events numbered when due.
 */
abstract class InboxStorageContract {
    abstract TestServer server();

    @Test
    void concurrent_emitters_give_each_user_numbers_one_to_n_without_gap_or_repeat() throws Exception {
        TestServer server = server();
        List<String> users = List.of("c-ada", "c-grace", "c-alan");
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try {
                    for (String user : users) {
                        Inboxes.emitMany(server, user, 0, 50);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
        }
        try (TestClient watcher = server.userClient("c-grace")) {
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join(60_000);
            }
            assertThat(failures).isEmpty();
            for (String user : users) {
                assertThat(storedSeqs(server, user)).isEqualTo(Inboxes.range(1, 200));
            }
            assertThat(watcher.timeout(Duration.ofSeconds(20)).awaitEvents(200)).isEqualTo(Inboxes.range(1, 200));
        }
    }

    @Test
    void a_replay_crosses_page_boundaries_in_order_and_acks_mark_a_prefix_delivered() {
        TestServer server = server();
        Inboxes.emitMany(server, "p-ada", 1, 1200);
        try (TestClient client = server.userClient("p-ada", 100L)) {
            assertThat(client.timeout(Duration.ofSeconds(20)).awaitEvents(1100)).isEqualTo(Inboxes.range(101, 1200));
            client.ackEvents(1000).assertAck();
        }
        List<String> statuses = Inboxes.statuses(server, "p-ada");
        assertThat(statuses.subList(0, 1000)).containsOnly("delivered");
        assertThat(statuses.subList(1000, 1200)).doesNotContain("delivered");
        try (TestClient back = server.userClient("p-ada")) {
            assertThat(back.timeout(Duration.ofSeconds(20)).awaitEvents(200)).isEqualTo(Inboxes.range(1001, 1200));
        }
    }

    @Test
    void a_scheduled_event_is_numbered_when_it_falls_due_after_the_ones_emitted_meanwhile() throws Exception {
        TestServer server = server();
        server.switchboard().inbox().schedule("s-ada", "later", Json.object(), Instant.now().plusMillis(800))
                .await(10, TimeUnit.SECONDS);
        Inboxes.emitMany(server, "s-ada", 1, 3);
        Inboxes.sleep(2500);
        assertThat(storedSeqs(server, "s-ada")).isEqualTo(Inboxes.range(1, 4));
        try (TestClient client = server.userClient("s-ada", 3L)) {
            var event = client.awaitEvent();
            assertThat(event.path("seq").asLong()).isEqualTo(4);
            assertThat(event.path("type").asText()).isEqualTo("later");
        }
    }

    private static List<Long> storedSeqs(TestServer server, String user) throws Exception {
        List<Long> out = new ArrayList<>();
        try (Connection c = server.switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT seq FROM user_events WHERE user_id = ? ORDER BY seq")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }
}
