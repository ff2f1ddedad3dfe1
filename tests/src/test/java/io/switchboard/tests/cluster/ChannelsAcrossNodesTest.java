package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsRedis;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With {@code redis} set, a channel spans the nodes: what is published on one reaches subscribers on the other. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
class ChannelsAcrossNodesTest {
    private static final int COUNT = 200;

    @Test
    void a_subscriber_on_node_a_receives_in_order_what_a_client_and_the_api_publish_on_node_b() {
        try (TwoNodes nodes = new TwoNodes(Map.of("rate-limit-per-second", "100000", "rate-limit-burst", "100000"));
             TestClient alice = nodes.a.client("alice"); TestClient bob = nodes.b.client("bob")) {
            alice.subscribe("public:x");

            for (int i = 0; i < COUNT; i++) {
                bob.send("publish", Map.of("channel", "public:x", "data", Map.of("seq", i)));
            }
            assertThat(received(alice, COUNT)).containsExactlyElementsOf(IntStream.range(0, COUNT).boxed().toList());

            for (int i = COUNT; i < 2 * COUNT; i++) {
                assertThat(nodes.b.http().publish("public:x", Map.of("seq", i)).status()).isEqualTo(202);
            }
            assertThat(received(alice, COUNT)).containsExactlyElementsOf(IntStream.range(COUNT, 2 * COUNT).boxed().toList());
        }
    }

    @Test
    void both_nodes_say_they_are_ready_with_the_broker_up() {
        try (TwoNodes nodes = new TwoNodes(Map.of())) {
            for (TestServer node : List.of(nodes.a, nodes.b)) {
                HttpReply ready = node.http().get("/health/ready");
                assertThat(ready.status()).isEqualTo(200);
                assertThat(ready.json().at("/checks/broker").asText()).isEqualTo("up");
            }
        }
    }

    @Test
    void a_node_whose_redis_does_not_answer_is_not_ready_and_refuses_publishes_with_unavailable() {
        // A port that stays ours for the whole test and resets every connection, as a Redis gone away would.
        try (TcpProxy nowhere = TcpProxy.to(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6379))) {
            nowhere.cut();
            assertNodeRefusesWithoutRedis("redis://127.0.0.1:" + nowhere.port());
        }
    }

    private static void assertNodeRefusesWithoutRedis(String redis) {
        try (TestServer node = TestServer.start(Map.of("redis", redis, "redis-prefix", "sbt-nowhere"));
             TestClient alice = node.client("alice")) {
            HttpReply ready = node.http().get("/health/ready");
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.json().at("/checks/broker").asText()).isEqualTo("down");

            HttpReply published = node.http().publish("public:x", Map.of("n", 1));
            assertThat(published.status()).isEqualTo(503);
            assertThat(published.errorCode()).isEqualTo("unavailable");
            assertThat(alice.request("subscribe", Map.of("channel", "public:x")).errorCode()).isEqualTo("unavailable");
            // Refused, not half-made: a second try is refused again rather than acked as already subscribed.
            assertThat(alice.request("subscribe", Map.of("channel", "public:x")).errorCode()).isEqualTo("unavailable");
            assertThat(alice.request("publish", Map.of("channel", "public:x", "data", 1)).errorCode()).isEqualTo("unavailable");
        }
    }

    private static List<Integer> received(TestClient client, int count) {
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            seen.add(client.awaitMessage("public:x").path("data").path("seq").asInt());
        }
        return seen;
    }
}
