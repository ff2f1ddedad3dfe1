package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.socketio.SocketIoNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Socket.IO's connection state recovery survives a restart of the node: the channel's history is in Redis and the
 * user's events in the database, and the offset the client holds says where it was, so the restarted node recovers
 * the client with what was published and emitted while it was down.
 */
@NeedsRedis
@NeedsNode
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocketIoRecoveryAcrossRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void a_client_is_recovered_by_the_restarted_node_with_what_it_missed() throws Exception {
        String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, String> settings = new HashMap<>(Map.of("redis", TwoNodes.REDIS, "redis-prefix", prefix,
                "data-dir", dataDir.toString(), "channel-history", "public=100/10m"));
        TestServer first = TestServer.start(settings);
        settings.put("port", String.valueOf(first.port()));
        try (TcpProxy proxy = TcpProxy.to(first.port()); SocketIoNode node = SocketIoNode.start(proxy.url())) {
            node.connected("fay", first.token("fay"), Json.object().put("reconnection", true)
                    .put("reconnectionDelay", 100).put("reconnectionDelayMax", 500));
            assertThat(node.emitWithAck("fay", "join", "public:restart")).isEmpty();
            assertThat(first.http().publish("public:restart", Map.of("n", 1)).status()).isEqualTo(202);
            node.awaitEmit("fay", "message", a -> a.get(0).get("n").asInt() == 1);

            proxy.cut();
            first.close();
            node.awaitEvent("fay", "disconnect");
            try (TestServer second = TestServer.start(settings)) {
                assertThat(second.http().publish("public:restart", Map.of("n", 2)).status()).isEqualTo(202);
                assertThat(second.http().postJson("/api/inbox/events", Map.of("user_id", "fay", "type", "notice",
                        "data", Map.of("while", "down")), Map.of("X-Api-Key", second.apiKey())).status()).isEqualTo(201);
                proxy.restore();

                await().atMost(Duration.ofSeconds(30)).until(() -> node.count("fay", "connect") == 2);
                assertThat(node.driverEvents("connect").get(1).get("recovered").asBoolean()).as(node.transcript()).isTrue();
                node.awaitEmit("fay", "message", a -> a.get(0).get("n").asInt() == 2);
                node.awaitEmit("fay", "notice");
                assertThat(node.emits("fay", "message")).hasSize(2);
            }
        } finally {
            first.close();
            TwoNodes.deleteKeys(prefix);
        }
    }
}
