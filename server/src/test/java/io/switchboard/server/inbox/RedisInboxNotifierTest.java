package io.switchboard.server.inbox;

import static io.switchboard.server.broker.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.broker.RedisFixture;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.testtags.NeedsRedis;
import io.vertx.redis.client.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two notifiers on the local Redis stand for two nodes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsRedis
class RedisInboxNotifierTest {
    private final RedisFixture redis = new RedisFixture();
    private final RedisKeys keys = redis.freshKeys();
    private final List<RedisInboxNotifier> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(n -> await(n.close()));
        redis.close();
    }

    @Test
    void a_notice_reaches_the_nodes_that_watch_its_user_whole_and_in_the_order_published() throws Exception {
        RedisInboxNotifier a = node("a");
        RedisInboxNotifier b = node("b");
        BlockingQueue<InboxEvent> atA = listen(a);
        BlockingQueue<InboxEvent> atB = listen(b);
        await(b.watch("ada"));

        for (int i = 1; i <= 1000; i++) {
            a.publish(new InboxEvent("ada", i, "note", "{\"n\":" + i + ",\"text\":\"ü\\n\"}"));
        }
        a.publish(new InboxEvent("ada", 0, "typing", "true"));

        for (int i = 1; i <= 1000; i++) {
            assertThat(atB.poll(10, TimeUnit.SECONDS)).isEqualTo(new InboxEvent("ada", i, "note", "{\"n\":" + i + ",\"text\":\"ü\\n\"}"));
        }
        assertThat(atB.poll(10, TimeUnit.SECONDS)).isEqualTo(new InboxEvent("ada", 0, "typing", "true"));
        assertThat(atA).as("a node that does not watch the user hears nothing").isEmpty();
        assertThat(redis.subscribers(keys.userTopic("ada"))).isEqualTo(1);
    }

    @Test
    void a_node_listens_to_a_user_while_at_least_one_of_its_watches_lasts() throws Exception {
        RedisInboxNotifier a = node("a");
        RedisInboxNotifier b = node("b");
        BlockingQueue<InboxEvent> atB = listen(b);
        await(b.watch("ada"));
        await(b.watch("ada"));

        b.unwatch("ada");
        a.publish(new InboxEvent("ada", 1, "note", "1"));
        assertThat(atB.poll(10, TimeUnit.SECONDS)).isNotNull();

        b.unwatch("ada");
        await(b.watch("bob"));
        a.publish(new InboxEvent("ada", 2, "note", "2"));
        a.publish(new InboxEvent("bob", 1, "note", "3"));
        assertThat(atB.poll(10, TimeUnit.SECONDS)).isEqualTo(new InboxEvent("bob", 1, "note", "3"));
        assertThat(atB).isEmpty();
        assertThat(redis.subscribers(keys.userTopic("ada"))).isZero();
    }

    @Test
    void after_its_subscription_drops_a_node_listens_again_and_reports_the_watched_users_as_missed() throws Exception {
        RedisInboxNotifier a = node("a");
        RedisInboxNotifier b = node("b");
        BlockingQueue<InboxEvent> atB = listen(b);
        BlockingQueue<String> missed = new LinkedBlockingQueue<>();
        b.onMissed(missed::add);
        await(b.watch("ada"));

        String name = keys.prefix() + ":b:sub";
        String line = java.util.Arrays.stream(redis.send(Command.CLIENT, "LIST").toString().split("\n"))
                .filter(l -> l.contains(" name=" + name + " ")).findFirst().orElseThrow();
        redis.send(Command.CLIENT, "KILL", "ID", line.substring(3, line.indexOf(' ')));

        assertThat(missed.poll(10, TimeUnit.SECONDS)).isEqualTo("ada");
        a.publish(new InboxEvent("ada", 7, "note", "7"));
        assertThat(atB.poll(10, TimeUnit.SECONDS)).isEqualTo(new InboxEvent("ada", 7, "note", "7"));
    }

    private RedisInboxNotifier node(String id) {
        var node = redis.node(keys, id);
        RedisInboxNotifier n = RedisInboxNotifier.create(node);
        await(node.start());
        nodes.add(n);
        return n;
    }

    private static BlockingQueue<InboxEvent> listen(RedisInboxNotifier n) {
        BlockingQueue<InboxEvent> q = new LinkedBlockingQueue<>();
        n.listener(q::add);
        return q;
    }
}
