package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With connection state recovery off, a publication's EVENT is encoded once and shared by every WebSocket socket of
 * the room: socket.io-client 4 from npm still gets each publication once and in order, on WebSocket alone and on
 * polling, with its acks and the events it asked for in between, and no recovery id.
 */
@NeedsNode
@SwitchboardTest(settings = "socketio-recovery=false")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketIoWithoutRecoveryTest {
    private static final int MESSAGES = 40;

    @Test
    void every_socket_of_a_room_gets_each_publication_once_and_in_order(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            List<String> names = List.of("ws1", "ws2", "polling");
            for (String name : names) {
                ObjectNode options = Json.object();
                options.set("transports", Json.mapper().createArrayNode().add(name.startsWith("ws") ? "websocket" : "polling"));
                node.connected(name, server.token("user-" + name), options);
                assertThat(node.emitWithAck(name, "join", "public:news")).isEmpty();
            }
            for (int i = 0; i < MESSAGES; i++) {
                if (i % 10 == 5) {
                    // A client's own publish with an ack, between the others' publications.
                    assertThat(node.emitWithAck("ws1", "publish", Map.of("channel", "public:news", "data", Map.of("n", i))))
                            .isEmpty();
                } else {
                    assertThat(server.http().publish("public:news", Map.of("n", i)).status()).isEqualTo(202);
                }
            }
            for (String name : names) {
                await().atMost(Duration.ofSeconds(30)).until(() -> node.emits(name, "message").size() >= MESSAGES);
                List<Integer> seen = new ArrayList<>();
                for (ArrayNode args : node.emits(name, "message")) {
                    seen.add(args.get(0).get("n").asInt());
                    assertThat(args.get(1).get("channel").asText()).isEqualTo("public:news");
                    assertThat(args.size()).as("no recovery offset").isEqualTo(2);
                }
                assertThat(seen).as(name).containsExactlyElementsOf(
                        IntStream.range(0, MESSAGES).boxed().toList());
            }
        }
    }
}
