package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stopped reading with megabytes queued for it, under its own limits, is closed for being idle
 * (4200): its close frame waits behind that backlog and never goes out, so without more the node would keep the
 * connection and the backlog for as long as the client's TCP lives. The node drops it after the close grace.
 */
@SwitchboardTest(settings = {"ping-interval=500ms", "idle-timeout=3s", "outbound-connection-bytes=64m",
        "outbound-budget-bytes=256m", "outbound-queue-frames=100000"})
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StalledIdleReaderTest {
    private static final String CHANNEL = "public:stalled-idle";
    private static final String PAD = "x".repeat(32 * 1024);
    /** 8 MiB in all: more than the loopback buffers between node and client hold, far under the client's share. */
    private static final int PUBLICATIONS = 256;

    @Test
    void a_client_that_stopped_reading_is_dropped_after_its_idle_close_even_with_a_backlog(TestServer server)
            throws Exception {
        try (StalledSocket stalled = StalledSocket.subscribe(server.port(), server.token("stalled"), CHANNEL)) {
            for (int i = 0; i < PUBLICATIONS; i++) {
                HttpReply reply = server.http().publish(CHANNEL, Map.of("seq", i, "pad", PAD));
                assertThat(reply.status()).as("%s", reply).isEqualTo(202);
            }
            assertThat(server.metric("switchboard_outbound_backlog_bytes"))
                    .as("the publications wait in the node, not in the kernel").isGreaterThan(1 << 20);

            // Idle timeout (3 s) + close grace (5 s) + the heartbeat's pass, with room for a busy machine.
            await("the stalled client's connection dropped").atMost(Duration.ofSeconds(45))
                    .pollInterval(Duration.ofMillis(50)).until(() -> server.switchboard().metrics().openConnections() == 0);

            assertThat(server.metric("switchboard_closes_total{code=\"4200\"}")).isEqualTo(1);
            assertThat(server.metric("switchboard_outbound_backlog_bytes")).as("the backlog freed").isZero();
            assertThat(server.metric("switchboard_slow_consumer_closes_total{reason=\"connection_bytes\"}"))
                    .as("never over its own share").isZero();
        }
    }
}
