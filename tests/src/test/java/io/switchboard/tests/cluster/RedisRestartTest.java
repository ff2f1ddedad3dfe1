package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsProcesses;
import io.switchboard.testtags.NeedsRedis;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis restarted mid-stream (a Redis of this test's own, without persistence, so it comes back empty): the nodes
 * say they are not ready while it is away and keep storing what needs only PostgreSQL; when it is back, delivery
 * resumes and the clients' resume fills the gap.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
@NeedsProcesses
class RedisRestartTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_redis");

    @Test
    void after_redis_comes_back_empty_delivery_resumes_and_the_resume_fills_the_gap() {
        try (RedisProcess redis = RedisProcess.start(Path.of("target", "cluster-logs", "redis-restart-redis.log"));
             Cluster cluster = Cluster.start("redis-restart", 3, SCHEMA, redis.url(), Map.of())) {
            ChannelTraffic channel = new ChannelTraffic(cluster, 5);
            DeviceTraffic devices = new DeviceTraffic(cluster, SCHEMA, 5);
            UserEventTraffic events = new UserEventTraffic(cluster, SCHEMA, 3);
            try (Workload load = new Workload(List.of(channel, devices, events))) {
                load.start();
                load.awaitProgress(50, Duration.ofSeconds(20));

                long justBefore = System.nanoTime() - 1_000_000_000L;
                redis.kill();
                channel.historyLostAround(justBefore, System.nanoTime());
                for (NodeProcess node : cluster.nodes()) {
                    await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                            assertThat(node.http().get("/health/ready").status())
                                    .as("readiness of the node on port %d without Redis", node.port()).isEqualTo(503));
                }
                devices.awaitProgress(30, Duration.ofSeconds(15));
                events.awaitProgress(10, Duration.ofSeconds(15));
                // The last events are stored while Redis is away, so no notice of them reaches any node, and none
                // comes after them: only the sockets reading the store again once Redis is back can deliver them.
                events.stopProducing();

                redis.restart();
                for (NodeProcess node : cluster.nodes()) {
                    node.awaitReady(Duration.ofSeconds(30));
                }
                channel.awaitProgress(150, Duration.ofSeconds(30));
                devices.awaitProgress(50, Duration.ofSeconds(30));

                load.finishAndAssertNothingLost(Duration.ofSeconds(20));
            }
            // The channel's history went with Redis: every subscriber saw it start again under a new epoch.
            assertThat(channel.epochsSeen()).isGreaterThanOrEqualTo(2);
        }
    }
}
