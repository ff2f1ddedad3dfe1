package io.switchboard.tests.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscriber that recovers while the channel keeps publishing gets every publication once, in offset order:
 * the recovered ones and the live ones meet without a gap or a duplicate.
 */
@SwitchboardTest(settings = {"channel-history=public=1000/60s", "rate-limit-per-second=100000", "rate-limit-burst=100000"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryWhilePublishingTest {

    @Test
    void resubscribing_during_a_stream_of_publications_loses_and_repeats_nothing(TestServer server) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (TestClient alice = server.client("alice"); TestClient bob = server.client("bob")) {
            Reply first = alice.request("subscribe", Json.object().put("channel", "public:stream"));
            String epoch = first.data().path("epoch").asText();
            AtomicLong consumed = new AtomicLong();
            // The publisher stays at most 150 ahead of what the test read, so the client's bounded inbox never fills.
            Thread publisher = new Thread(() -> {
                for (int i = 1; !stop.get() && i <= 3000; i++) {
                    while (i > consumed.get() + 150 && !stop.get()) {
                        ChannelRecoveryTest.sleep(1);
                    }
                    bob.send("publish", Map.of("channel", "public:stream", "data", Map.of("n", i)));
                }
            });
            publisher.start();
            List<Long> offsets = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (int i = 0; i < 100; i++) {
                    offsets.add(alice.awaitMessage("public:stream").path("offset").asLong());
                    consumed.incrementAndGet();
                }
                alice.request("unsubscribe", Json.object().put("channel", "public:stream")).assertAck();
                // Drop whatever was already on its way before the unsubscribe: the client resumes from what it processed.
                ChannelRecoveryTest.sleep(30);
                drain(alice);
                Reply again = alice.request("subscribe", ChannelRecoveryTest.recover("public:stream", epoch,
                        offsets.get(offsets.size() - 1)));
                assertThat(again.data().path("recovered").asBoolean()).as("round %d: %s", round, again.json()).isTrue();
            }
            for (int i = 0; i < 50; i++) {
                offsets.add(alice.awaitMessage("public:stream").path("offset").asLong());
                consumed.incrementAndGet();
            }
            stop.set(true);
            publisher.join();
            for (int i = 0; i < 50; i++) {
                offsets.add(alice.awaitMessage("public:stream").path("offset").asLong());
                consumed.incrementAndGet();
            }
            for (int i = 0; i < offsets.size(); i++) {
                assertThat(offsets.get(i)).as("delivery %d", i).isEqualTo(i + 1L);
            }
        }
    }

    private static void drain(TestClient client) {
        while (true) {
            try {
                JsonNode unused = client.awaitMessage("public:stream", Duration.ZERO);
            } catch (AssertionError none) {
                return;
            }
        }
    }
}
