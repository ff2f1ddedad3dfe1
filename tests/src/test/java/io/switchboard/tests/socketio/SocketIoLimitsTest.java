package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A user's Socket.IO sockets count against {@code max-connections-per-user}, as sessions do. */
@NeedsNode
@SwitchboardTest(settings = "max-connections-per-user=2")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoLimitsTest {

    @Test
    void a_socket_over_the_users_limit_gets_connect_error_and_a_slot_comes_back_when_one_leaves(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            String token = server.token("alice");
            node.connected("one", token, null);
            node.connected("two", token, null);
            node.connect("three", token, null);
            JsonNode refused = node.awaitEvent("three", "connect_error");
            assertThat(refused.get("message").asText()).isEqualTo("too many connections for this user");
            assertThat(refused.at("/data/code").asInt()).isEqualTo(4103);
            node.disconnect("one");
            node.awaitEvent("one", "disconnect");
            java.util.concurrent.atomic.AtomicInteger attempt = new java.util.concurrent.atomic.AtomicInteger();
            // The client reports its disconnect before the server has read it: try until the slot is back.
            org.awaitility.Awaitility.await().until(() -> {
                String name = "again" + attempt.incrementAndGet();
                node.connect(name, token, null);
                return node.awaitEither(name, "connect", "connect_error").path("ev").asText().equals("connect");
            });
        }
    }
}
