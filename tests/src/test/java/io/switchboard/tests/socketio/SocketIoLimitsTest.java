package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A user's Socket.IO sockets count against {@code max-connections-per-user}, as sessions do, and each socket's events
 * against the per-connection rate.
 */
@NeedsNode
@SwitchboardTest(settings = {"max-connections-per-user=2", "rate-limit-per-second=1", "rate-limit-burst=2"})
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

    @Test
    void events_over_the_rate_get_rate_limited_and_the_socket_stays(TestServer server) throws Exception {
        try (SocketIoNode node = SocketIoNode.start("http://127.0.0.1:" + server.port())) {
            node.connected("fast", server.token("bob"), null);
            java.util.List<String> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                com.fasterxml.jackson.databind.node.ArrayNode ack = node.emitWithAck("fast", "join", "public:rate");
                answers.add(ack.isEmpty() ? "ok" : ack.get(0).at("/error/code").asText());
            }
            assertThat(answers).contains("ok", "rate_limited");
            assertThat(node.count("fast", "disconnect")).isZero();
        }
    }
}
