package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The node's outbound budget: two subscribers that stop reading, each under its own share, together over the
 * node's 1 MiB. The node closes the larger stalled backlog with 4100 and refuses publications with a temporary
 * {@code unavailable} until the memory is free again.
 */
@SwitchboardTest(settings = {"outbound-budget-bytes=1m", "outbound-connection-bytes=1m",
        "outbound-queue-frames=100000"})
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutboundBudgetTest {
    private static final String CHANNEL = "public:budget";
    private static final String PAD = "x".repeat(32 * 1024);
    /** Enough ~32 KiB messages to fill the loopback buffers of both paused clients and then the node's budget. */
    private static final int MAX_PUBLICATIONS = 4_000;

    @Test
    void past_the_node_budget_a_backlog_is_closed_with_4100_and_publishing_answers_a_temporary_unavailable(
            TestServer server) {
        try (TestClient publisher = server.client("publisher"); TestClient first = server.client("first");
             TestClient second = server.client("second")) {
            first.subscribe(CHANNEL);
            second.subscribe(CHANNEL);
            first.pauseReading();
            second.pauseReading();

            HttpReply refused = null;
            for (int i = 0; i < MAX_PUBLICATIONS && refused == null; i++) {
                HttpReply reply = server.http().publish(CHANNEL, Map.of("seq", i, "pad", PAD));
                if (reply.status() != 202) {
                    refused = reply;
                }
            }

            assertThat(refused).as("a publication refused within %d", MAX_PUBLICATIONS).isNotNull();
            assertThat(refused.status()).as("%s", refused).isEqualTo(503);
            assertThat(refused.errorCode()).isEqualTo("unavailable");
            assertThat(refused.json().path("error").path("temporary").asBoolean()).isTrue();
            Reply overSocket = publisher.request("publish", Json.object().put("channel", CHANNEL).put("data", "hi"));
            assertThat(overSocket.errorCode()).isEqualTo("unavailable");
            assertThat(overSocket.errorTemporary()).isTrue();
            // Closed once the kernel has taken nothing from it for a second (a reader behind is not cut).
            await("a stalled backlog closed at the node budget").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> server.metric("switchboard_slow_consumer_closes_total{reason=\"node_budget\"}") >= 1);
            assertThat(server.metric("switchboard_outbound_publish_refused_total")).isGreaterThanOrEqualTo(2);

            // Read again before the node drops the closed one's connection: its close frame waits behind its backlog.
            first.resumeReading();
            second.resumeReading();
            await("the backlog freed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> server.metric("switchboard_outbound_backlog_bytes") < (1 << 20));
            await("a paused subscriber closed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !first.isOpen() || !second.isOpen());
            CloseStatus closed = (first.isOpen() ? second : first).awaitClose();
            assertThat(closed.code()).isEqualTo(CloseCode.SLOW_CONSUMER.code());
            publisher.publish(CHANNEL, "after");
        }
    }
}
