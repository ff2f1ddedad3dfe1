package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.socketio.SocketIoNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Socket.IO's connection state recovery on another node: the room's history is in Redis and the user's events in the
 * shared PostgreSQL, and the offset the client holds says where it was, so when the load balancer sends the
 * reconnecting client to another node, that node recovers it with exactly what it missed, then the live stream.
 */
@NeedsRedis
@NeedsPostgres
@NeedsNode
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketIoRecoveryOnAnotherNodeTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("sio_other_node");

    @Test
    void a_client_that_comes_back_on_another_node_is_recovered_with_exactly_what_it_missed() throws Exception {
        Map<String, String> settings = new HashMap<>(SCHEMA.settings());
        settings.put("channel-history", "public=100/10m");
        try (TwoNodes nodes = new TwoNodes(settings); TcpProxy balancer = TcpProxy.to(nodes.a.port());
             SocketIoNode io = SocketIoNode.start(balancer.url())) {
            io.connected("gil", nodes.a.token("gil"), Json.object().put("reconnection", true)
                    .put("reconnectionDelay", 100).put("reconnectionDelayMax", 500));
            assertThat(io.emitWithAck("gil", "join", "public:elsewhere")).isEmpty();
            publish(nodes.a, 1);
            publish(nodes.a, 2);
            notice(nodes.a, 1);
            io.awaitEmit("gil", "message", a -> a.get(0).get("n").asInt() == 2);
            io.awaitEmit("gil", "notice", a -> a.get(0).get("n").asInt() == 1);

            balancer.cut();
            io.awaitEvent("gil", "disconnect");
            balancer.switchTo(nodes.b.port());
            publish(nodes.a, 3);
            publish(nodes.b, 4);
            notice(nodes.b, 2);
            notice(nodes.a, 3);
            publish(nodes.a, 5);
            balancer.restore();

            await("gil back").atMost(Duration.ofSeconds(30)).until(() -> io.count("gil", "connect") == 2);
            assertThat(io.driverEvents("connect").get(1).path("recovered").asBoolean()).as(io.transcript()).isTrue();
            publish(nodes.a, 6);
            notice(nodes.a, 4);
            io.awaitEmit("gil", "message", a -> a.get(0).get("n").asInt() == 6);
            io.awaitEmit("gil", "notice", a -> a.get(0).get("n").asInt() == 4);

            assertThat(numbers(io.emits("gil", "message"))).as(io.transcript()).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(numbers(io.emits("gil", "notice"))).as(io.transcript()).containsExactly(1, 2, 3, 4);
        }
    }

    private static void publish(TestServer node, int n) {
        assertThat(node.http().publish("public:elsewhere", Map.of("n", n)).status()).isEqualTo(202);
    }

    private static void notice(TestServer node, int n) {
        assertThat(node.http().postJson("/api/inbox/events", Map.of("user_id", "gil", "type", "notice",
                "data", Map.of("n", n)), Map.of("X-Api-Key", node.apiKey())).status()).isEqualTo(201);
    }

    private static List<Integer> numbers(List<ArrayNode> emits) {
        return emits.stream().map(a -> a.get(0).get("n").asInt()).toList();
    }
}
