package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
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
 * say they are not ready while it is away, delivery resumes when it is back, and the clients' resume fills the gap.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedisRestartTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_redis");

    @Test
    void after_redis_comes_back_empty_delivery_resumes_and_the_resume_fills_the_gap() {
        try (RedisProcess redis = RedisProcess.start(Path.of("target", "cluster-logs", "redis-restart-redis.log"));
             Cluster cluster = Cluster.start("redis-restart", 3, SCHEMA, redis.url(), Map.of())) {
            ChannelTraffic channel = new ChannelTraffic(cluster, 5);
            try (Workload load = new Workload(List.of(channel, new DeviceTraffic(cluster, SCHEMA, 5),
                    new UserEventTraffic(cluster, SCHEMA, 3)))) {
                load.start();
                load.awaitProgress(50, Duration.ofSeconds(20));

                redis.kill();
                for (NodeProcess node : cluster.nodes()) {
                    Waits.until(Duration.ofSeconds(15), () -> node.http().get("/health/ready").status() == 503,
                            () -> "node on port " + node.port() + " still says it is ready without Redis");
                }
                redis.restart();
                for (NodeProcess node : cluster.nodes()) {
                    node.awaitReady(Duration.ofSeconds(30));
                }
                load.awaitProgress(150, Duration.ofSeconds(30));

                load.finishAndAssertNothingLost(Duration.ofSeconds(20));
            }
            // The channel's history went with Redis: every subscriber saw it start again under a new epoch.
            assertThat(channel.epochsSeen()).isGreaterThanOrEqualTo(2);
        }
    }
}
