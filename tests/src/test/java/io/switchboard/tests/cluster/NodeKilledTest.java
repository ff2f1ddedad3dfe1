package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsProcesses;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node killed with SIGKILL while its clients stream and receive: they reconnect to another node and end with
 * every acked record stored once, every per-user event received once and in order, and every acked publication
 * received in order.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
@NeedsProcesses
class NodeKilledTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_kill");

    @Test
    void the_clients_of_a_killed_node_move_to_the_others_and_nothing_acked_is_lost() {
        try (Cluster cluster = Cluster.start("kill", 3, SCHEMA, Cluster.SHARED_REDIS, Map.of());
             Workload load = new Workload(List.of(
                     new ChannelTraffic(cluster, 5),
                     new DeviceTraffic(cluster, SCHEMA, 5),
                     new UserEventTraffic(cluster, SCHEMA, 3)
                     // Presence across nodes joins here as one more Traffic: who is online, as every node sees it.
             ))) {
            load.start();
            load.awaitProgress(50, Duration.ofSeconds(20));

            cluster.node(0).kill();
            load.awaitProgress(150, Duration.ofSeconds(30));

            load.finishAndAssertNothingLost(Duration.ofSeconds(20));
            // Node 0's publisher, subscriber, phone and user socket, at least.
            assertThat(load.moves()).isGreaterThanOrEqualTo(4);
        }
    }
}
