package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsProcesses;
import io.switchboard.testtags.NeedsRedis;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code redis=redis-sentinel://…} the nodes find the master through Sentinel, and with
 * {@code redis=redis-cluster://…} they use a Redis Cluster; either way they share channels through it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsProcesses
class RedisSentinelAndClusterTest {
    private static final Path LOGS = Path.of("target", "cluster-logs");

    @Test
    void nodes_configured_with_a_sentinel_url_carry_a_publication_from_one_node_to_a_subscriber_on_the_other() {
        try (RedisProcess master = RedisProcess.start(LOGS.resolve("sentinel-master.log"));
             SentinelProcess sentinel = SentinelProcess.start("m", master.port(), LOGS.resolve("sentinel.log"));
             TwoNodes nodes = new TwoNodes(Map.of("redis", "redis-sentinel://127.0.0.1:" + sentinel.port() + "/m/1"));
             TestClient alice = nodes.a.client("alice"); TestClient bob = nodes.b.client("bob")) {
            carryAcross(nodes, alice, bob);
        }
    }

    @Test
    void nodes_configured_with_a_cluster_url_carry_a_publication_from_one_node_to_a_subscriber_on_the_other() {
        try (RedisClusterProcesses redis = RedisClusterProcesses.start(LOGS);
             TwoNodes nodes = new TwoNodes(Map.of("redis", redis.url()));
             TestClient alice = nodes.a.client("alice"); TestClient bob = nodes.b.client("bob")) {
            carryAcross(nodes, alice, bob);
        }
    }

    private static void carryAcross(TwoNodes nodes, TestClient alice, TestClient bob) {
        for (TestServer node : List.of(nodes.a, nodes.b)) {
            HttpReply ready = node.http().get("/health/ready");
            assertThat(ready.status()).isEqualTo(200);
            assertThat(ready.json().at("/checks/broker").asText()).isEqualTo("up");
        }
        alice.subscribe("public:x");

        bob.send("publish", Map.of("channel", "public:x", "data", Map.of("seq", 1)));
        assertThat(alice.awaitMessage("public:x").path("data").path("seq").asInt()).isEqualTo(1);

        assertThat(nodes.b.http().publish("public:x", Map.of("seq", 2)).status()).isEqualTo(202);
        assertThat(alice.awaitMessage("public:x").path("data").path("seq").asInt()).isEqualTo(2);
    }
}
