package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Events emitted while a socket replays its backlog are neither lost nor doubled: the replay and the live stream
 * meet without a gap, even when more arrive meanwhile than the socket holds back (it then reads them again).
 */
@SwitchboardTest(settings = {"rate-limit-per-second=100000", "rate-limit-burst=100000"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class InboxConcurrentResumeTest {
    private static final int BACKLOG = 3000;
    private static final int DURING = 1500;

    @Test
    void events_emitted_during_a_reconnect_replay_arrive_once_each_in_order(TestServer server) throws Exception {
        Inboxes.emitMany(server, "ada", 1, BACKLOG);
        Thread emitter = new Thread(() -> {
            for (int i = 0; i < DURING; i++) {
                server.switchboard().inbox().emit("ada", "tick", Json.object().put("i", BACKLOG + 1 + i));
                if (i % 100 == 0) {
                    Inboxes.sleep(2);
                }
            }
        });
        try (TestClient client = server.userClient("ada", 0L)) {
            emitter.start();
            List<Long> seqs = client.timeout(Duration.ofSeconds(30)).awaitEvents(BACKLOG + DURING);
            emitter.join();

            assertThat(seqs).isEqualTo(Inboxes.range(1, BACKLOG + DURING));
            client.assertNoPush(Duration.ofMillis(500));
        }
    }

    @Test
    void events_emitted_while_a_resume_message_replays_arrive_once_each_in_order_after_it(TestServer server) throws Exception {
        Inboxes.emitMany(server, "grace", 1, 1000);
        try (TestClient client = server.userClient("grace", 1000L)) {
            client.assertNoPush(Duration.ofMillis(200));
            Thread emitter = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    server.switchboard().inbox().emit("grace", "tick", Json.object().put("i", 1001 + i));
                }
            });
            client.send("resume", Json.object().put("last_seq", 0));
            emitter.start();
            List<Long> seen = new ArrayList<>();
            while (seen.isEmpty() || seen.get(seen.size() - 1) != 1500) {
                seen.add(client.timeout(Duration.ofSeconds(30)).awaitEvent().path("seq").asLong());
            }
            emitter.join();

            // Live events pushed before the server took the resume may come first; from the replay's start on,
            // the stream is exactly 1..1500, and nothing from before it is missing from it.
            int start = seen.indexOf(1L);
            assertThat(seen.subList(start, seen.size())).isEqualTo(Inboxes.range(1, 1500));
            assertThat(seen.subList(0, start)).allSatisfy(seq -> assertThat(seq).isBetween(1001L, 1500L));
            client.assertNoPush(Duration.ofMillis(500));
        }
    }
}
