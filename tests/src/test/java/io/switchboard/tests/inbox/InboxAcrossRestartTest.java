package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose server restarts (stopped, then a new node on the same data directory and port) ends with every
 * event exactly once and in order, numbering carrying on where it stopped; so does one that is away for a while.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InboxAcrossRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void a_client_whose_server_restarts_gets_every_event_once_in_order() {
        List<Long> processed = new ArrayList<>();
        int port;
        try (TestServer first = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            port = first.port();
            TestClient client = first.userClient("ada");
            Inboxes.emitMany(first, "ada", 1, 100);
            // The client processes 40 events, then its server goes away under it.
            processed.addAll(client.awaitEvents(40));
        }
        try (TestServer second = TestServer.start(Map.of("data-dir", dataDir.toString(), "port", String.valueOf(port)))) {
            assertThat(second.port()).isEqualTo(port);
            Inboxes.emitMany(second, "ada", 101, 50);
            try (TestClient back = second.userClient("ada", processed.get(processed.size() - 1))) {
                processed.addAll(back.awaitEvents(110));
                back.assertNoPush(Duration.ofMillis(300));
                Inboxes.emit(second, "ada", "tick", io.switchboard.protocol.Json.object());
                processed.add(back.awaitEvent().path("seq").asLong());
            }
        }
        assertThat(processed).isEqualTo(Inboxes.range(1, 151));
    }

    @Test
    void a_client_away_for_a_while_gets_everything_emitted_meanwhile_once_in_order() throws Exception {
        Files.createDirectories(dataDir);
        try (TestServer server = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            List<Long> processed = new ArrayList<>();
            try (TestClient client = server.userClient("grace")) {
                Inboxes.emitMany(server, "grace", 1, 10);
                processed.addAll(client.awaitEvents(10));
                client.ackEvents(10).assertAck();
            }
            for (int burst = 0; burst < 5; burst++) {
                Inboxes.emitMany(server, "grace", 11 + burst * 20, 20);
                Inboxes.sleep(200);
            }
            try (TestClient back = server.userClient("grace")) {
                processed.addAll(back.awaitEvents(100));
                back.assertNoPush(Duration.ofMillis(300));
            }
            assertThat(processed).isEqualTo(Inboxes.range(1, 110));
        }
    }
}
