package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.ConnectionState;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.telemetry.Location;
import io.switchboard.testkit.TcpProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A connection that dies silently (no close, no reset) is noticed by the heartbeat within two intervals. */
@Timeout(60)
class HeartbeatTest {
    private static final Duration INTERVAL = Duration.ofMillis(1000);
    @TempDir
    Path dir;

    @Test
    void a_silently_dead_socket_is_noticed_within_two_heartbeat_intervals_and_nothing_sent_meanwhile_is_lost() throws Exception {
        try (IngestNode node = new IngestNode(dir, Map.of()).start(true); TcpProxy proxy = TcpProxy.to(port(node))) {
            IngestNode.Enrolled child = node.enrol("hb-parent", "Sam");
            Recorder r = new Recorder();
            AtomicLong leftSocketAt = new AtomicLong();
            try (SwitchboardClient client = SwitchboardClient.builder(proxy.url()).childHash(child.hash())
                    .buffer(new MemoryMessageBuffer())
                    .heartbeatInterval(INTERVAL)
                    .backoff(Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5)
                    .onStateChange(r::state).onDelivery(r)
                    .onStateChange((from, to) -> {
                        if (from == ConnectionState.CONNECTED_WEBSOCKET) {
                            leftSocketAt.compareAndSet(0, System.nanoTime());
                        }
                    })
                    .build()) {
                client.start();
                await("connected").atMost(Duration.ofSeconds(10))
                        .until(() -> client.state() == ConnectionState.CONNECTED_WEBSOCKET);

                proxy.freeze();
                long frozenAt = System.nanoTime();
                String lost = client.sendLocation(Location.of(Instant.now().minusSeconds(1), 3, 4));
                // The client reopens the socket at once through the proxy (new connections pass), so watch the transition,
                // not the state: it is back on a socket a few milliseconds later.
                await("the dead socket noticed").atMost(Duration.ofSeconds(20)).until(() -> leftSocketAt.get() != 0);
                long noticedMillis = (leftSocketAt.get() - frozenAt) / 1_000_000;
                System.out.println("dead socket noticed " + noticedMillis + " ms after the freeze (interval " + INTERVAL.toMillis() + " ms)");

                // Without heartbeats a frozen peer goes unnoticed for minutes; with them it takes two intervals on a quiet
                // machine. The bound is loose on purpose: this checks that heartbeats notice, not how fast a busy CI is.
                assertThat(noticedMillis).isLessThanOrEqualTo(8 * INTERVAL.toMillis());
                assertThat(client.awaitDrained(Duration.ofSeconds(15))).isTrue();
                assertThat(r.acked).containsKey(lost);
                await("back on a new socket").atMost(Duration.ofSeconds(10))
                        .until(() -> client.state() == ConnectionState.CONNECTED_WEBSOCKET);
                assertThat(client.stats().reconnects()).isEqualTo(1);
            }
            assertThat(Rows.locations(node, child.id())).isEqualTo(1);
        }
    }

    private static int port(IngestNode node) {
        return node.server().port();
    }
}
