package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.Transport;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.telemetry.Location;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The socket cannot be had: the buffer drains over {@code POST /api/ingest/}, and the client returns to the socket. */
@Timeout(60)
class FallbackTest {
    @TempDir
    Path dir;
    IngestNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    private SwitchboardClient client(String hash, Recorder r) {
        return SwitchboardClient.builder(node.url()).childHash(hash)
                .buffer(new MemoryMessageBuffer())
                .backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.5)
                .httpBatchSize(40)
                .onStateChange(r::state).onFatal(r::fatal).onDelivery(r)
                .build();
    }

    private static List<String> send(SwitchboardClient client, int n, Instant from) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(client.sendLocation(Location.of(from.plusMillis(i), 20, 30)));
        }
        return ids;
    }

    @Test
    void a_refused_socket_sends_over_http_in_batches_and_the_client_returns_to_the_socket_when_it_is_back() {
        node = new IngestNode(dir, Map.of()).start(false);
        IngestNode.Enrolled child = node.enrol("fb-parent", "Sam");
        Recorder r = new Recorder();
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        try (SwitchboardClient client = client(child.hash(), r)) {
            client.start();
            List<String> overHttp = send(client, 150, t);
            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();

            assertThat(r.acked.keySet()).containsExactlyInAnyOrderElementsOf(overHttp);
            assertThat(r.acked.values()).allSatisfy(d -> assertThat(d.transport()).isEqualTo(Transport.HTTP));
            assertThat(client.state()).isEqualTo(ConnectionState.SENDING_HTTP);
            assertThat(client.stats().sentHttp()).isGreaterThanOrEqualTo(150);
            assertThat(client.stats().sentWebSocket()).isZero();
            assertThat(r.fatals).isEmpty();

            node.stop();
            node.start(true);
            await("back on the socket").atMost(Duration.ofSeconds(15))
                    .until(() -> client.state() == ConnectionState.CONNECTED_WEBSOCKET);
            List<String> overSocket = send(client, 20, t.plusSeconds(10));
            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();

            assertThat(overSocket).allSatisfy(id -> assertThat(r.acked.get(id).transport()).isEqualTo(Transport.WEBSOCKET));
            assertThat(r.states).containsSubsequence(ConnectionState.CONNECTING, ConnectionState.SENDING_HTTP,
                    ConnectionState.CONNECTED_WEBSOCKET);
            assertThat(client.stats().fallbackMillis()).isPositive();
        }
        assertThat(Rows.locations(node, child.id())).isEqualTo(170);
    }

    @Test
    void with_the_server_gone_the_client_is_offline_keeps_everything_and_delivers_it_when_the_server_returns() {
        node = new IngestNode(dir, Map.of()).start(true);
        IngestNode.Enrolled child = node.enrol("fb-parent", "Alex");
        Recorder r = new Recorder();
        Instant t = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS);
        try (SwitchboardClient client = client(child.hash(), r)) {
            client.start();
            await("connected").atMost(Duration.ofSeconds(10))
                    .until(() -> client.state() == ConnectionState.CONNECTED_WEBSOCKET);
            node.stop();
            List<String> whileDown = send(client, 100, t);
            await("offline").atMost(Duration.ofSeconds(10)).until(() -> client.state() == ConnectionState.OFFLINE);
            assertThat(client.buffered()).isEqualTo(100);

            node.start(true);
            assertThat(client.awaitDrained(Duration.ofSeconds(20))).isTrue();
            assertThat(r.acked.keySet()).containsExactlyInAnyOrderElementsOf(whileDown);
            assertThat(r.states).containsSubsequence(ConnectionState.CONNECTED_WEBSOCKET, ConnectionState.SENDING_HTTP,
                    ConnectionState.OFFLINE);
            assertThat(client.stats().offlineMillis()).isPositive();
        }
        assertThat(Rows.locations(node, child.id())).isEqualTo(100);
    }
}
