package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that stops reading is cut off with 4100 once its bounded queue overflows, and the others on the
 * channel lose nothing.
 */
@SwitchboardTest(settings = "outbound-queue-frames=32")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowConsumerTest {
    private static final String CHANNEL = "public:firehose";
    private static final String PAD = "x".repeat(8 * 1024);
    private static final int BATCH = 50;
    /** Enough ~8 KB messages to fill any loopback socket buffers several times over. */
    private static final int MAX_MESSAGES = 8_000;
    /** Messages the reading subscriber receives in all, before and after the slow one is cut off. */
    private static final int MIN_MESSAGES = 2_000;
    private static final String OVERFLOWS = "switchboard_queue_overflows_total";

    @Test
    void a_paused_subscriber_is_closed_with_4100_while_a_reading_one_gets_every_message_in_order(TestServer server) {
        double overflowsBefore = server.metric(OVERFLOWS);
        try (TestClient fast = server.client("fast"); TestClient slow = server.client("slow")) {
            fast.subscribe(CHANNEL);
            slow.subscribe(CHANNEL);
            slow.pauseReading();

            int published = 0;
            while (published < MAX_MESSAGES && server.metric(OVERFLOWS) == overflowsBefore) {
                published = publishBatch(server, fast, published);
            }
            assertThat(server.metric(OVERFLOWS)).as("overflows after %d messages", published)
                    .isGreaterThan(overflowsBefore);

            // Read again before the server's closing timeout drops the connection: the close frame is queued
            // behind the frames the slow client has not read yet.
            slow.resumeReading();
            CloseStatus close = slow.awaitClose(Duration.ofSeconds(30));
            assertThat(close.code()).isEqualTo(CloseCode.SLOW_CONSUMER.code());

            while (published < MIN_MESSAGES) {
                published = publishBatch(server, fast, published);
            }
            assertThat(fast.isOpen()).isTrue();
            assertThat(fast.ping().path("type").asText()).isEqualTo("pong");
            fast.assertNoPush(Duration.ofMillis(100));
        }
    }

    /**
     * Publishes a batch over HTTP, each message only after the reading subscriber got the one before: its queue
     * then never holds more than a frame or two, however slowly this machine runs, while the paused one's grows.
     */
    private static int publishBatch(TestServer server, TestClient fast, int published) {
        for (int i = published; i < published + BATCH; i++) {
            HttpReply reply = server.http().publish(CHANNEL, Map.of("seq", i, "pad", PAD));
            assertThat(reply.status()).as("publish %d: %s", i, reply).isEqualTo(202);
            assertThat(fast.awaitMessage(CHANNEL).path("data").path("seq").asInt()).isEqualTo(i);
        }
        return published + BATCH;
    }
}
