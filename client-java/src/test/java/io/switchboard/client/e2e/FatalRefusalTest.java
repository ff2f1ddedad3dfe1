package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.AuthMode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.Transport;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.telemetry.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A refusal in the do-not-reconnect range stops the client, tells the app, keeps the buffer, and is never retried. */
@Timeout(60)
class FatalRefusalTest {
    private static final String UNKNOWN = "A".repeat(43);
    @TempDir
    Path dir;
    IngestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private SwitchboardClient client(AuthMode mode, Recorder r) {
        return SwitchboardClient.builder(node.url()).childHash(UNKNOWN).authMode(mode)
                .buffer(new MemoryMessageBuffer())
                .backoff(Duration.ofMillis(20), Duration.ofMillis(50), 2.0, 0.0)
                .onStateChange(r::state).onFatal(r::fatal).onDelivery(r)
                .build();
    }

    private double closes4004() {
        return node.server().metric("switchboard_closes_total{code=\"4004\"}");
    }

    @Test
    void an_unknown_hash_in_the_path_is_closed_with_4004_once_and_the_client_stops() {
        node = new IngestNode(dir, Map.of()).start(true);
        Recorder r = new Recorder();
        try (SwitchboardClient client = client(AuthMode.PATH, r)) {
            client.sendLocation(Location.of(Instant.now(), 1, 1));
            client.start();
            await("the fatal refusal").atMost(Duration.ofSeconds(10)).until(() -> !r.fatals.isEmpty());
            // Watched for ten backoff periods: a client that retried would have knocked again meanwhile.
            await("no second knock").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> r.fatals.size() == 1 && closes4004() == 1.0);

            assertThat(r.fatals).hasSize(1);
            assertThat(r.fatals.get(0).transport()).isEqualTo(Transport.WEBSOCKET);
            assertThat(r.fatals.get(0).code()).isEqualTo(4004);
            assertThat(client.state()).isEqualTo(ConnectionState.STOPPED);
            assertThat(client.buffered()).as("the message is kept for a client with the right hash").isEqualTo(1);
            assertThat(closes4004()).isEqualTo(1.0);
            assertThat(client.awaitDrained(Duration.ofSeconds(5))).isFalse();
        }
    }

    @Test
    void an_unknown_hash_in_the_auth_flow_is_refused_the_same_way() {
        node = new IngestNode(dir, Map.of()).start(true);
        Recorder r = new Recorder();
        try (SwitchboardClient client = client(AuthMode.AUTH_FLOW, r)) {
            client.start();
            await("the fatal refusal").atMost(Duration.ofSeconds(10)).until(() -> !r.fatals.isEmpty());
            assertThat(r.fatals.get(0).code()).isEqualTo(4004);
            assertThat(client.state()).isEqualTo(ConnectionState.STOPPED);
        }
    }

    @Test
    void an_unknown_hash_on_the_http_fallback_is_refused_with_401_and_stops_the_client_too() {
        node = new IngestNode(dir, Map.of()).start(false);
        Recorder r = new Recorder();
        try (SwitchboardClient client = client(AuthMode.PATH, r)) {
            client.sendLocation(Location.of(Instant.now(), 1, 1));
            client.start();
            await("the fatal refusal").atMost(Duration.ofSeconds(10)).until(() -> !r.fatals.isEmpty());
            assertThat(r.fatals.get(0).transport()).isEqualTo(Transport.HTTP);
            assertThat(r.fatals.get(0).code()).isEqualTo(401);
            assertThat(client.state()).isEqualTo(ConnectionState.STOPPED);
            assertThat(client.buffered()).isEqualTo(1);
        }
    }
}
