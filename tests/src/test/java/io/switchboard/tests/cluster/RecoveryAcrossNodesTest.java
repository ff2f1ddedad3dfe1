package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code redis} set, a channel's history lives in Redis: a position handed out by one node is valid on the
 * other, so a client that reconnects to another node recovers what it missed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
class RecoveryAcrossNodesTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() {
        nodes = new TwoNodes(Map.of("channel-history", "public=1000/60s",
                "rate-limit-per-second", "100000", "rate-limit-burst", "100000"));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void a_client_that_comes_back_on_node_b_recovers_what_it_missed_while_it_was_on_node_a() {
        String epoch;
        try (TestClient bob = nodes.b.client("bob")) {
            try (TestClient onA = nodes.a.client("alice")) {
                Reply first = onA.request("subscribe", Json.object().put("channel", "public:moving"));
                epoch = first.data().path("epoch").asText();
                assertThat(first.data().path("offset").asLong()).isZero();
                for (int i = 1; i <= 3; i++) {
                    bob.publish("public:moving", Map.of("n", i));
                }
                for (int i = 1; i <= 3; i++) {
                    assertThat(onA.awaitMessage("public:moving").path("offset").asLong()).isEqualTo(i);
                }
            }
            bob.publish("public:moving", Map.of("n", 4));
            bob.publish("public:moving", Map.of("n", 5));

            try (TestClient onB = nodes.b.client("alice")) {
                Reply again = onB.request("subscribe", recover("public:moving", epoch, 3));
                JsonNode fourth = onB.awaitMessage("public:moving", Duration.ZERO);
                JsonNode fifth = onB.awaitMessage("public:moving", Duration.ZERO);
                assertThat(Json.write(fifth)).isEqualTo("{\"type\":\"message\",\"channel\":\"public:moving\",\"offset\":5,"
                        + "\"epoch\":\"" + epoch + "\",\"data\":{\"n\":5}}");
                assertThat(fourth.path("offset").asLong()).isEqualTo(4);
                again.assertAck();
                assertThat(again.data().path("recovered").asBoolean()).isTrue();
                assertThat(again.data().path("epoch").asText()).isEqualTo(epoch);
                assertThat(again.data().path("offset").asLong()).isEqualTo(5);

                bob.publish("public:moving", Map.of("n", 6));
                assertThat(onB.awaitMessage("public:moving").path("offset").asLong()).isEqualTo(6);
            }
        }
    }

    @Test
    void switching_nodes_while_another_client_keeps_publishing_loses_and_repeats_nothing() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        try (TestClient onA = nodes.a.client("alice"); TestClient onB = nodes.b.client("alice");
             TestClient bob = nodes.a.client("bob")) {
            Reply first = onA.request("subscribe", Json.object().put("channel", "public:stream"));
            String epoch = first.data().path("epoch").asText();
            AtomicLong consumed = new AtomicLong();
            // The publisher stays at most 150 ahead of what the test read, so the client's bounded inbox never fills.
            Thread publisher = new Thread(() -> {
                for (int i = 1; !stop.get() && i <= 3000; i++) {
                    while (i > consumed.get() + 150 && !stop.get()) {
                        sleep(1);
                    }
                    bob.send("publish", Map.of("channel", "public:stream", "data", Map.of("n", i)));
                }
            });
            publisher.start();
            List<Long> offsets = new ArrayList<>();
            TestClient on = onA;
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 100; i++) {
                    offsets.add(on.awaitMessage("public:stream").path("offset").asLong());
                    consumed.incrementAndGet();
                }
                on.request("unsubscribe", Json.object().put("channel", "public:stream")).assertAck();
                // What came before the ack was not processed: the client resumes from what it processed.
                drain(on);
                TestClient next = on == onA ? onB : onA;
                Reply again = next.request("subscribe", recover("public:stream", epoch, offsets.get(offsets.size() - 1)));
                assertThat(again.data().path("recovered").asBoolean()).as("round %d: %s", round, again.json()).isTrue();
                on = next;
            }
            for (int i = 0; i < 50; i++) {
                offsets.add(on.awaitMessage("public:stream").path("offset").asLong());
                consumed.incrementAndGet();
            }
            stop.set(true);
            publisher.join();
            for (int i = 0; i < offsets.size(); i++) {
                assertThat(offsets.get(i)).as("delivery %d", i).isEqualTo(i + 1L);
            }
        }
    }

    private static void drain(TestClient client) {
        while (true) {
            try {
                client.awaitMessage("public:stream", Duration.ZERO);
            } catch (AssertionError none) {
                return;
            }
        }
    }

    private static ObjectNode recover(String channel, String epoch, long offset) {
        ObjectNode data = Json.object().put("channel", channel);
        data.set("recover", Json.object().put("epoch", epoch).put("offset", offset));
        return data;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
