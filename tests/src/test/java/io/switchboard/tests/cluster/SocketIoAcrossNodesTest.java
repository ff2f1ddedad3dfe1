package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.socketio.SocketIoNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three nodes over Redis, socket.io-client on the WebSocket transport: a room is a channel of the whole deployment, so
 * what is published on any node reaches the sockets in the room on every node.
 */
@NeedsRedis
@NeedsNode
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketIoAcrossNodesTest {

    @Test
    void a_publication_on_one_node_reaches_the_room_on_every_node() throws Exception {
        try (TwoNodes nodes = new TwoNodes(Map.of()); TestServer c = nodes.another();
             SocketIoNode io = SocketIoNode.start("http://127.0.0.1:" + nodes.a.port())) {
            List<TestServer> all = List.of(nodes.a, nodes.b, c);
            ObjectNode websocket = Json.object().set("transports", Json.mapper().createArrayNode().add("websocket"));
            for (int i = 0; i < all.size(); i++) {
                io.connectAt("s" + i, "http://127.0.0.1:" + all.get(i).port(), all.get(i).token("user" + i), websocket);
                io.awaitEvent("s" + i, "connect");
                assertThat(io.emitWithAck("s" + i, "join", "public:everywhere")).isEmpty();
            }
            for (int from = 0; from < all.size(); from++) {
                assertThat(all.get(from).http().publish("public:everywhere", Map.of("from", from)).status()).isEqualTo(202);
                int sender = from;
                for (int i = 0; i < all.size(); i++) {
                    ArrayNode got = io.awaitEmit("s" + i, "message", a -> a.get(0).get("from").asInt() == sender);
                    assertThat(got.get(1).get("channel").asText()).isEqualTo("public:everywhere");
                }
            }
            io.emit("s2", "publish", Map.of("channel", "public:everywhere", "data", Map.of("from", "a socket")));
            for (int i = 0; i < all.size(); i++) {
                io.awaitEmit("s" + i, "message", a -> a.get(0).get("from").asText().equals("a socket"));
            }
        }
    }
}
