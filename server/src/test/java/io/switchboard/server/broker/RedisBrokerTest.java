package io.switchboard.server.broker;

import static io.switchboard.server.broker.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.switchboard.testtags.NeedsRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two brokers on the local Redis stand for two nodes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsRedis
class RedisBrokerTest {
    private static final HistoryOptions KEPT = new HistoryOptions(1000, Duration.ofMinutes(1));
    private static final int EACH = 300;

    private final RedisFixture redis = new RedisFixture();
    private final RedisKeys keys = redis.freshKeys();
    private final List<RedisBroker> brokers = new ArrayList<>();

    @AfterEach
    void closeAll() {
        brokers.forEach(b -> await(b.close()));
        redis.close();
    }

    @Test
    void publications_from_two_nodes_at_once_reach_both_nodes_in_one_order() {
        RedisBroker a = broker(RedisFixture.URL);
        RedisBroker b = broker(RedisFixture.URL);
        Received atA = listen(a);
        Received atB = listen(b);
        await(a.subscribe("public:race"));
        await(b.subscribe("public:race"));

        publishAtOnce(a, b, "public:race");

        List<String> seenAtA = atA.data(2 * EACH);
        assertThat(atB.data(2 * EACH)).containsExactlyElementsOf(seenAtA);
        assertThat(seenAtA.stream().filter(s -> s.startsWith("a")).toList()).containsExactlyElementsOf(numbered("a"));
        assertThat(seenAtA.stream().filter(s -> s.startsWith("b")).toList()).containsExactlyElementsOf(numbered("b"));
    }

    @Test
    void on_a_channel_with_history_both_nodes_receive_offsets_one_to_n_in_order() {
        RedisBroker a = broker(RedisFixture.URL);
        RedisBroker b = broker(RedisFixture.URL);
        Received atA = listen(a);
        Received atB = listen(b);
        await(a.subscribe("kept:race"));
        await(b.subscribe("kept:race"));

        publishAtOnce(a, b, "kept:race");

        List<Publication> seenAtA = atA.take(2 * EACH);
        List<Publication> seenAtB = atB.take(2 * EACH);
        List<Long> oneToN = java.util.stream.LongStream.rangeClosed(1, 2 * EACH).boxed().toList();
        assertThat(seenAtA).extracting(Publication::offset).containsExactlyElementsOf(oneToN);
        assertThat(seenAtB).extracting(Publication::offset).containsExactlyElementsOf(oneToN);
        assertThat(seenAtB).extracting(p -> text(p)).containsExactlyElementsOf(seenAtA.stream().map(p -> text(p)).toList());
        assertThat(seenAtA).extracting(Publication::epoch).containsOnly(await(a.history().position("kept:race")).epoch());
    }

    @Test
    void a_node_is_subscribed_to_a_channel_topic_only_while_it_has_local_subscribers() {
        RedisBroker a = broker(RedisFixture.URL);
        RedisBroker b = broker(RedisFixture.URL);
        String topic = keys.topic("public:numsub");
        assertThat(redis.subscribers(topic)).isZero();

        await(a.subscribe("public:numsub"));
        await(a.subscribe("public:numsub"));
        assertThat(redis.subscribers(topic)).as("subscribing twice is once").isEqualTo(1);
        await(b.subscribe("public:numsub"));
        assertThat(redis.subscribers(topic)).isEqualTo(2);

        await(a.unsubscribe("public:numsub"));
        await(a.unsubscribe("public:numsub"));
        eventually(() -> assertThat(redis.subscribers(topic)).isEqualTo(1));
        await(b.unsubscribe("public:numsub"));
        eventually(() -> assertThat(redis.subscribers(topic)).isZero());
    }

    @Test
    void after_unsubscribing_a_node_receives_nothing_more_on_the_channel() {
        RedisBroker a = broker(RedisFixture.URL);
        RedisBroker b = broker(RedisFixture.URL);
        Received atA = listen(a);
        await(a.subscribe("public:left"));
        await(a.subscribe("public:stayed"));
        await(b.publish(publication("public:left", "before")));
        assertThat(atA.data(1)).containsExactly("before");

        await(a.unsubscribe("public:left"));
        eventually(() -> assertThat(redis.subscribers(keys.topic("public:left"))).isZero());
        await(b.publish(publication("public:left", "after")));
        await(b.publish(publication("public:stayed", "still here")));

        assertThat(atA.data(1)).containsExactly("still here");
        assertThat(atA.queue).isEmpty();
    }

    @Test
    void with_redis_unreachable_publish_and_subscribe_fail_with_unavailable_and_the_broker_is_unhealthy()
            throws IOException {
        // A socket bound but never listening holds the port for the whole test: connecting to it is refused.
        try (Socket held = new Socket()) {
            held.bind(new InetSocketAddress("127.0.0.1", 0));
            unreachable(held.getLocalPort());
        }
    }

    private void unreachable(int port) {
        SharedRedis node = redis.node("redis://127.0.0.1:" + port, keys, "nowhere");
        RedisBroker nowhere = RedisBroker.create(node, c -> c.startsWith("kept:") ? KEPT : null, 2);
        brokers.add(nowhere);

        assertUnavailable(node.start());
        assertThat(nowhere.healthy()).isFalse();
        assertUnavailable(nowhere.publish(publication("public:x", "lost")));
        assertUnavailable(nowhere.publish(publication("kept:x", "lost")));
        assertUnavailable(nowhere.subscribe("public:x"));
        assertUnavailable(nowhere.history().position("kept:x"));
    }

    @Test
    void a_dropped_subscription_connection_comes_back_and_subscribes_again() {
        RedisBroker a = broker(RedisFixture.URL);
        RedisBroker b = broker(RedisFixture.URL);
        Received atA = listen(a);
        await(a.subscribe("public:back"));
        String killed = subscriptionConnectionId();

        redis.send(Command.CLIENT, "KILL", "ID", killed);

        eventually(() -> {
            String now = subscriptionConnectionId();
            assertThat(now).isNotNull().isNotEqualTo(killed);
            assertThat(a.healthy()).isTrue();
            assertThat(redis.subscribers(keys.topic("public:back"))).isEqualTo(1);
        });
        await(b.publish(publication("public:back", "after the drop")));
        assertThat(atA.data(1)).containsExactly("after the drop");
    }

    private String subscriptionConnectionId() {
        for (String line : redis.send(Command.CLIENT, "LIST").toString().split("\n")) {
            if (line.contains("name=" + keys.prefix() + ":") && line.contains(":sub ")) {
                for (String field : line.split(" ")) {
                    if (field.startsWith("id=")) {
                        return field.substring(3);
                    }
                }
            }
        }
        return null;
    }

    private RedisBroker broker(String url) {
        SharedRedis node = redis.node(url, keys, "n" + brokers.size());
        RedisBroker broker = RedisBroker.create(node, c -> c.startsWith("kept:") ? KEPT : null, 4);
        brokers.add(broker);
        await(node.start());
        return broker;
    }

    /** Publishes a0… from {@code a} and b0… from {@code b} on two threads at once, each waiting for nothing. */
    private static void publishAtOnce(RedisBroker a, RedisBroker b, String channel) {
        CompletableFuture<List<Future<Void>>> fromA = CompletableFuture.supplyAsync(() -> publishAll(a, channel, "a"));
        CompletableFuture<List<Future<Void>>> fromB = CompletableFuture.supplyAsync(() -> publishAll(b, channel, "b"));
        fromA.join().forEach(RedisFixture::await);
        fromB.join().forEach(RedisFixture::await);
    }

    private static List<Future<Void>> publishAll(RedisBroker broker, String channel, String tag) {
        List<Future<Void>> out = new ArrayList<>();
        for (String data : numbered(tag)) {
            out.add(broker.publish(publication(channel, data)));
        }
        return out;
    }

    private static List<String> numbered(String tag) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < EACH; i++) {
            out.add(tag + i);
        }
        return out;
    }

    private static Publication publication(String channel, String text) {
        return Publication.of(channel, "message", ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Publication p) {
        String json = new String(p.data(), StandardCharsets.UTF_8);
        return json.substring(1, json.length() - 1);
    }

    private static void assertUnavailable(Future<?> future) {
        assertThatThrownBy(() -> await(future)).isInstanceOfSatisfying(ProtocolException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    /** Retries the check until it passes or 10 s have gone by (a wait for Redis, not a timing assertion). */
    private static void eventually(Runnable check) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                .untilAsserted(check::run);
    }

    private static Received listen(RedisBroker broker) {
        Received received = new Received();
        broker.listener(received);
        return received;
    }

    /** What a node's listener was handed, in order. */
    private static final class Received implements Consumer<Publication> {
        final BlockingQueue<Publication> queue = new LinkedBlockingQueue<>();

        @Override
        public void accept(Publication p) {
            queue.add(p);
        }

        List<Publication> take(int n) {
            List<Publication> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                try {
                    Publication p = queue.poll(10, TimeUnit.SECONDS);
                    if (p == null) {
                        throw new AssertionError("received " + out.size() + " publications, expected " + n);
                    }
                    out.add(p);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            return out;
        }

        List<String> data(int n) {
            return take(n).stream().map(RedisBrokerTest::text).toList();
        }
    }
}
