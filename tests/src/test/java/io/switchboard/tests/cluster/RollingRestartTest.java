package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeProcess;
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

/** A rolling restart of all three nodes under load (each stopped with SIGTERM, then started again) loses nothing. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
@NeedsProcesses
class RollingRestartTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_rolling");

    @Test
    void restarting_every_node_in_turn_under_load_loses_nothing() {
        try (Cluster cluster = Cluster.start("rolling", 3, SCHEMA, Cluster.SHARED_REDIS, Map.of());
             Workload load = new Workload(List.of(new ChannelTraffic(cluster, 5), new DeviceTraffic(cluster, SCHEMA, 5),
                     new UserEventTraffic(cluster, SCHEMA, 3)))) {
            load.start();
            load.awaitProgress(50, Duration.ofSeconds(20));

            for (NodeProcess node : cluster.nodes()) {
                node.restart();
                load.awaitProgress(50, Duration.ofSeconds(30));
            }

            load.finishAndAssertNothingLost(Duration.ofSeconds(20));
            // Every node's clients moved at least once: four kinds of client on each of three nodes.
            assertThat(load.moves()).isGreaterThanOrEqualTo(12);
        }
    }
}
