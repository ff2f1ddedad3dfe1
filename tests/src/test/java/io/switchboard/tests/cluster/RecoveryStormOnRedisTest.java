package io.switchboard.tests.cluster;

import io.switchboard.testtags.NeedsRedis;
import io.switchboard.testkit.TestClient;
import io.switchboard.tests.recovery.RecoveryStorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With {@code redis} set, hundreds of subscribers that recover while the channel is published to at a high rate
 * each get the publications after their offset exactly once and in order (see {@link RecoveryStorm}), whether
 * they sit on the publisher's node or on another one.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@NeedsRedis
class RecoveryStormOnRedisTest {
    private static TwoNodes nodes;

    @BeforeAll
    static void start() {
        nodes = new TwoNodes(Map.of("channel-history", "public=2000/60s", "outbound-queue-frames", "4096",
                "rate-limit-per-second", "100000", "rate-limit-burst", "100000",
                "connect-rate-per-ip", "100000", "connect-burst-per-ip", "100000"));
    }

    @AfterAll
    static void stop() {
        nodes.close();
    }

    @Test
    void subscribers_recovering_on_the_publishers_node_each_get_every_publication_once_in_order() throws Exception {
        List<TestClient> sockets = RecoveryStorm.open(nodes.a, "storm-a", RecoveryStorm.SOCKETS);
        try (TestClient publisher = nodes.a.client("publisher"); TestClient tracker = nodes.a.client("tracker")) {
            RecoveryStorm.run("public:storm-one-node", publisher, tracker, sockets);
        } finally {
            sockets.forEach(TestClient::close);
        }
    }

    @Test
    void subscribers_recovering_on_both_nodes_each_get_every_publication_once_in_order() throws Exception {
        // Alternating nodes, so both recover while the other's subscribers are live.
        List<TestClient> onA = RecoveryStorm.open(nodes.a, "storm-both-a", RecoveryStorm.SOCKETS / 2);
        List<TestClient> onB = RecoveryStorm.open(nodes.b, "storm-both-b", RecoveryStorm.SOCKETS - onA.size());
        List<TestClient> sockets = new ArrayList<>();
        for (int i = 0; i < RecoveryStorm.SOCKETS; i++) {
            sockets.add(i % 2 == 0 ? onA.get(i / 2) : onB.get(i / 2));
        }
        try (TestClient publisher = nodes.a.client("publisher"); TestClient tracker = nodes.b.client("tracker")) {
            RecoveryStorm.run("public:storm-two-nodes", publisher, tracker, sockets);
        } finally {
            sockets.forEach(TestClient::close);
        }
    }
}
