package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.UserEvents;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's durable events reach {@link UserEvents}' handlers exactly once and in order: those emitted before it
 * connected, while it was connected, while its socket was down, and while the node was restarting (the events are in
 * SQLite in the node's data directory), and a new client that starts from the last sequence number the old one
 * processed gets only what followed.
 */
@Timeout(120)
class UserEventsExactlyOnceTest {
    @TempDir
    Path dataDir;

    private static UserEvents client(String url, TestServer[] current, Seen seen, Long lastSeq) {
        UserEvents.Builder b = UserEvents.builder(url, "ada").tokenSupplier(() -> current[0].token("ada")).listener(seen)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.5)).maxReconnectAttempts(10_000);
        if (lastSeq != null) {
            b.lastSeq(lastSeq);
        }
        UserEvents events = b.build();
        events.on("notice", seen::event);
        return events;
    }

    private static void emit(TestServer server, int n) {
        HttpReply r = server.http().postJson("/api/inbox/events", Map.of("user_id", "ada", "type", "notice", "data", Map.of("n", n)),
                Map.of("X-Api-Key", server.apiKey()));
        assertThat(r.status()).as("emit %s: %s", n, r).isEqualTo(201);
    }

    private static List<Long> oneTo(int n) {
        return LongStream.rangeClosed(1, n).boxed().collect(Collectors.toList());
    }

    @Test
    void events_reach_the_handler_once_in_order_across_reconnects_and_a_restart_of_the_node() {
        Map<String, String> settings = Map.of("data-dir", dataDir.toString());
        TestServer[] current = {TestServer.start(settings)};
        Seen seen = new Seen();
        int n = 0;
        try (TcpProxy proxy = TcpProxy.to(current[0].port()); UserEvents ada = client(proxy.url(), current, seen, null)) {
            emit(current[0], ++n); // before the client connects: replayed as not yet delivered
            ada.connect();
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 5; i++) {
                    emit(current[0], ++n);
                }
                int live = n;
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.size() == live);
                proxy.cut();
                await().atMost(Duration.ofSeconds(10)).until(() -> ada.state() == RealtimeState.RECONNECTING);
                for (int i = 0; i < 5; i++) {
                    emit(current[0], ++n); // while away
                }
                proxy.restore();
            }
            int beforeRestart = n;
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.size() == beforeRestart);

            proxy.cut();
            current[0].close();
            current[0] = TestServer.start(settings);
            proxy.switchTo(current[0].port());
            for (int i = 0; i < 5; i++) {
                emit(current[0], ++n); // stored by the restarted node, numbered after the ones before
            }
            proxy.restore();
            for (int i = 0; i < 5; i++) {
                emit(current[0], ++n);
            }
            int total = n;
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.events.size() >= total);

            assertThat(seen.seqs()).isEqualTo(oneTo(total));
            assertThat(seen.events.stream().map(e -> e.data().path("n").asInt()).collect(Collectors.toList()))
                    .isEqualTo(oneTo(total).stream().map(Long::intValue).collect(Collectors.toList()));
            assertThat(ada.lastSeq()).hasValue(total);
            assertThat(seen.sessions).as("four reconnects, one of them to the restarted node").hasSize(5);
        } finally {
            current[0].close();
        }
    }

    @Test
    void a_new_client_started_from_the_last_processed_seq_gets_only_what_followed() {
        TestServer[] current = {TestServer.start(Map.of("data-dir", dataDir.toString()))};
        try {
            String url = "http://127.0.0.1:" + current[0].port();
            Seen first = new Seen();
            long kept;
            try (UserEvents ada = client(url, current, first, null)) {
                ada.connect();
                for (int n = 1; n <= 3; n++) {
                    emit(current[0], n);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> first.events.size() == 3);
                kept = ada.lastSeq().getAsLong();
            }
            emit(current[0], 4);
            emit(current[0], 5);

            Seen second = new Seen();
            try (UserEvents again = client(url, current, second, kept)) {
                again.connect();
                emit(current[0], 6);
                await().atMost(Duration.ofSeconds(10)).until(() -> second.events.size() >= 3);
                assertThat(second.seqs()).containsExactly(4L, 5L, 6L);
            }
        } finally {
            current[0].close();
        }
    }

    @Test
    void events_acked_by_a_client_are_not_replayed_to_the_next_one_that_connects_without_a_position() {
        TestServer[] current = {TestServer.start(Map.of("data-dir", dataDir.toString()))};
        try {
            String url = "http://127.0.0.1:" + current[0].port();
            Seen first = new Seen();
            try (UserEvents ada = client(url, current, first, null)) {
                ada.connect();
                emit(current[0], 1);
                emit(current[0], 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> first.events.size() == 2);
                // The acks are what the server keeps: wait for them to be committed before the socket goes.
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        current[0].metric("switchboard_inbox_delivered_total") >= 2);
            }
            emit(current[0], 3);

            Seen second = new Seen();
            try (UserEvents again = client(url, current, second, null)) {
                again.connect();
                await().atMost(Duration.ofSeconds(10)).until(() -> second.events.size() >= 1);
                assertThat(second.seqs()).containsExactly(3L);
            }
        } finally {
            current[0].close();
        }
    }

    @Test
    void resume_on_the_open_socket_replays_nothing_already_processed_and_says_where_the_socket_is() {
        TestServer[] current = {TestServer.start(Map.of("data-dir", dataDir.toString()))};
        try {
            Seen seen = new Seen();
            try (UserEvents ada = client("http://127.0.0.1:" + current[0].port(), current, seen, null)) {
                ada.connect();
                emit(current[0], 1);
                emit(current[0], 2);
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.size() == 2);

                assertThat(ada.resume().join()).isEqualTo(2L);
                emit(current[0], 3);
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.events.size() >= 3);
                assertThat(seen.seqs()).containsExactly(1L, 2L, 3L);
            }
        } finally {
            current[0].close();
        }
    }
}
