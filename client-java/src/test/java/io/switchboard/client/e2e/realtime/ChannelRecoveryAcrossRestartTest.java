package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.StreamPosition;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
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
 * A subscription across a restart of the node. With the history in Redis (the {@code redis} setting) the restarted
 * node still has it: the client recovers what was published while the node was down, each once, in order. With the
 * in-memory history of a single node the history is gone: the client says so ({@code onRecoveryFailed}, with the new
 * epoch's position) and goes on with the live publications.
 */
@Timeout(120)
class ChannelRecoveryAcrossRestartTest {
    @TempDir
    Path dataDir;

    private static SwitchboardChannels client(String url, Map<String, String> settings, Seen seen, TestServer[] current) {
        return SwitchboardChannels.builder(url).tokenSupplier(() -> current[0].token("alice")).listener(seen)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.5))
                .maxReconnectAttempts(10_000).build();
    }

    @Test
    @NeedsRedis
    void with_the_history_in_redis_the_restarted_node_recovers_what_was_published_while_it_was_down() {
        String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
        Map<String, String> settings = new HashMap<>(Map.of("redis", "redis://127.0.0.1:6379", "redis-prefix", prefix,
                "data-dir", dataDir.toString(), "channel-history", "public=100/10m"));
        TestServer[] current = {TestServer.start(settings)};
        Seen seen = new Seen();
        try (TcpProxy proxy = TcpProxy.to(current[0].port());
             SwitchboardChannels alice = client(proxy.url(), settings, seen, current)) {
            alice.connect();
            Subscription sub = alice.subscribe("public:restart", seen).join();
            current[0].http().publish("public:restart", Map.of("n", 1));
            current[0].http().publish("public:restart", Map.of("n", 2));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() == 2);
            StreamPosition before = sub.position();

            proxy.cut();
            current[0].close();
            current[0] = TestServer.start(settings);
            proxy.switchTo(current[0].port());
            for (int n = 3; n <= 6; n++) {
                current[0].http().publish("public:restart", Map.of("n", n));
            }
            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen.publications.size() >= 6 && sub.isActive());
            current[0].http().publish("public:restart", Map.of("n", 7));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() >= 7);

            assertThat(seen.numbers()).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(seen.recoveryFailures).isEmpty();
            assertThat(sub.position().epoch()).as("the history survived the restart").isEqualTo(before.epoch());
            assertThat(seen.sessions).hasSize(2);
        } finally {
            current[0].close();
            deleteKeys(prefix);
        }
    }

    @Test
    void with_the_in_memory_history_the_client_is_told_recovery_failed_and_goes_on_live() {
        Map<String, String> settings = new HashMap<>(Map.of("data-dir", dataDir.toString(), "channel-history", "public=100/10m"));
        TestServer[] current = {TestServer.start(settings)};
        Seen seen = new Seen();
        try (TcpProxy proxy = TcpProxy.to(current[0].port());
             SwitchboardChannels alice = client(proxy.url(), settings, seen, current)) {
            alice.connect();
            Subscription sub = alice.subscribe("public:memory", seen).join();
            current[0].http().publish("public:memory", Map.of("n", 1));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() == 1);
            String oldEpoch = sub.position().epoch();

            proxy.cut();
            current[0].close();
            current[0] = TestServer.start(settings);
            proxy.switchTo(current[0].port());
            current[0].http().publish("public:memory", Map.of("n", 2)); // lost with the old history's epoch
            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).until(() -> !seen.recoveryFailures.isEmpty() && sub.isActive());
            current[0].http().publish("public:memory", Map.of("n", 3));
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() >= 2);

            assertThat(seen.recoveryFailures.get(0).epoch()).isNotEqualTo(oldEpoch);
            assertThat(seen.numbers()).containsExactly(1, 3);
            assertThat(sub.position().epoch()).isNotEqualTo(oldEpoch);
        } finally {
            current[0].close();
        }
    }

    /** Deletes this test's keys from the shared Redis. */
    private static void deleteKeys(String prefix) {
        Vertx vertx = Vertx.vertx();
        try {
            Redis redis = Redis.createClient(vertx, "redis://127.0.0.1:6379");
            String cursor = "0";
            do {
                Response page = redisAnswer(redis.send(Request.cmd(Command.SCAN, cursor, "MATCH", prefix + ":*", "COUNT", 1000)));
                cursor = page.get(0).toString();
                for (Response key : page.get(1)) {
                    redisAnswer(redis.send(Request.cmd(Command.DEL, key.toString())));
                }
            } while (!cursor.equals("0"));
        } finally {
            redisAnswer(vertx.close());
        }
    }

    private static <T> T redisAnswer(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Redis did not answer: " + e, e);
        }
    }
}
