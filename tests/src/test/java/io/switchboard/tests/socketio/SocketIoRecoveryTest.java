package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Socket.IO's connection state recovery, served from channel history and the inbox: a socket.io-client whose
 * connection was cut reconnects with its pid and last offset, is told {@code socket.recovered}, is in its rooms again,
 * and gets what was published and emitted while it was away, each once.
 */
@NeedsNode
@SwitchboardTest(settings = "channel-history=public=100/10m")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SocketIoRecoveryTest {
    private static final ObjectNode RECONNECTING = Json.object().put("reconnection", true)
            .put("reconnectionDelay", 100).put("reconnectionDelayMax", 500);

    @Test
    void a_reconnecting_client_is_recovered_with_what_it_missed_in_its_rooms_and_events(TestServer server) throws Exception {
        try (TcpProxy proxy = TcpProxy.to(server.port()); SocketIoNode node = SocketIoNode.start(proxy.url())) {
            JsonNode first = node.connected("dora", server.token("dora"), RECONNECTING);
            assertThat(first.get("recovered").asBoolean()).isFalse();
            assertThat(node.emitWithAck("dora", "join", "public:feed")).isEmpty();
            publish(server, "public:feed", 1);
            node.awaitEmit("dora", "message", a -> a.get(0).get("n").asInt() == 1);

            proxy.cut();
            node.awaitEvent("dora", "disconnect");
            publish(server, "public:feed", 2);
            publish(server, "public:feed", 3);
            assertThat(server.http().postJson("/api/inbox/events", Map.of("user_id", "dora", "type", "notice",
                    "data", Map.of("while", "away")), Map.of("X-Api-Key", server.apiKey())).status()).isEqualTo(201);
            proxy.restore();

            await().atMost(Duration.ofSeconds(20)).until(() -> node.count("dora", "connect") == 2);
            JsonNode again = connects(node).get(1);
            assertThat(again.get("recovered").asBoolean()).as(node.transcript()).isTrue();
            node.awaitEmit("dora", "message", a -> a.get(0).get("n").asInt() == 3);
            node.awaitEmit("dora", "notice");
            assertThat(node.emits("dora", "message").stream().map(a -> a.get(0).get("n").asInt()).toList())
                    .containsExactly(1, 2, 3);

            // In the room again without joining: a later publication arrives.
            publish(server, "public:feed", 4);
            node.awaitEmit("dora", "message", a -> a.get(0).get("n").asInt() == 4);
        }
    }

    private static List<JsonNode> connects(SocketIoNode node) {
        return node.driverEvents("connect");
    }

    private static void publish(TestServer server, String channel, int n) {
        assertThat(server.http().publish(channel, Map.of("n", n)).status()).isEqualTo(202);
    }
}
