package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * socket.io-client's own reconnection: when its connection is cut it reconnects by itself, and a user event emitted
 * while it was away arrives then, once (the inbox's outbox delivery), while the one it had already got is not sent
 * again.
 */
@NeedsNode
@SwitchboardTest
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SocketIoReconnectTest {

    @Test
    void a_client_that_reconnects_by_itself_gets_what_was_emitted_while_it_was_away_once(TestServer server) throws Exception {
        try (TcpProxy proxy = TcpProxy.to(server.port()); SocketIoNode node = SocketIoNode.start(proxy.url())) {
            node.connected("carol", server.token("carol"), Json.object().put("reconnection", true)
                    .put("reconnectionDelay", 100).put("reconnectionDelayMax", 500));
            emit(server, 1);
            node.awaitEmit("carol", "notice", args -> args.get(0).get("n").asInt() == 1);

            proxy.cut();
            node.awaitEvent("carol", "disconnect");
            emit(server, 2);
            proxy.restore();

            await().atMost(Duration.ofSeconds(20)).until(() -> node.count("carol", "connect") == 2);
            node.awaitEmit("carol", "notice", args -> args.get(0).get("n").asInt() == 2);
            assertThat(node.emits("carol", "notice")).hasSize(2);
        }
    }

    private static void emit(TestServer server, int n) {
        assertThat(server.http().postJson("/api/inbox/events", Map.of("user_id", "carol", "type", "notice",
                "data", Map.of("n", n)), Map.of("X-Api-Key", server.apiKey())).status()).isEqualTo(201);
    }
}
