package io.switchboard.tests.cluster;

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
 * Three nodes, each a process of its own on one PostgreSQL and one Redis: clients spread over them receive every
 * message published on any node, in order per channel.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
@NeedsProcesses
class ThreeProcessesFanOutTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_fanout");

    @Test
    void subscribers_on_every_node_receive_what_publishers_on_every_node_publish_in_one_order_per_channel() {
        try (Cluster cluster = Cluster.start("fanout", 3, SCHEMA, Cluster.SHARED_REDIS, Map.of())) {
            List<ChannelTraffic> channels = List.of(new ChannelTraffic(cluster, 2), new ChannelTraffic(cluster, 2));
            try {
                channels.forEach(ChannelTraffic::start);
                channels.forEach(c -> c.awaitProgress(300, Duration.ofSeconds(30)));
                channels.forEach(ChannelTraffic::stopProducing);
                channels.forEach(c -> c.awaitDelivered(Duration.ofSeconds(20)));
                channels.forEach(ChannelTraffic::assertNothingLost);
            } finally {
                channels.forEach(ChannelTraffic::close);
            }
        }
    }
}
