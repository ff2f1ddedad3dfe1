package io.switchboard.server.presence;

import static io.switchboard.server.broker.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.broker.RedisFixture;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.switchboard.testtags.NeedsRedis;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two {@link RedisPresence}s on the local Redis stand for two nodes. Transitions are collected from both as
 * {@code "<node> <user> online|offline"}, in the order the nodes heard them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsRedis
class RedisPresenceTest {
    /** Short, so a dead node is reaped within seconds: its users go offline within ttl plus a third of it. */
    private static final Duration TTL = Duration.ofSeconds(2);
    private static final long WAIT_SECONDS = 15;

    private final RedisFixture redis = new RedisFixture();
    private final RedisKeys keys = redis.freshKeys();
    private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    private final List<RedisPresence> nodes = new ArrayList<>();

    @AfterEach
    void closeAll() {
        nodes.forEach(n -> await(n.close()));
        redis.close();
    }

    @Test
    void sessions_of_one_user_on_two_nodes_make_one_online_and_one_offline_for_the_whole_deployment() {
        RedisPresence a = node("a");
        RedisPresence b = node("b");

        assertThat(await(a.sessionOpened("ada", "laptop"))).isTrue();
        assertThat(await(b.sessionOpened("ada", "phone"))).isFalse();
        assertThat(await(a.sessionClosed("ada", "laptop"))).isFalse();
        assertThat(await(a.isOnline("ada"))).isTrue();
        assertThat(await(b.isOnline("ada"))).isTrue();
        assertThat(await(b.sessionClosed("ada", "phone"))).isTrue();
        assertThat(await(a.isOnline("ada"))).isFalse();

        assertThat(drain()).containsExactly("a ada online", "b ada offline");
    }

    @Test
    void closing_a_session_twice_or_one_never_opened_changes_nothing() {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        await(a.sessionOpened("bob", "s1"));
        assertThat(await(b.sessionClosed("bob", "s1"))).as("another node's session").isFalse();
        assertThat(await(a.sessionClosed("bob", "other"))).isFalse();
        assertThat(await(a.isOnline("bob"))).isTrue();
        assertThat(await(a.sessionClosed("bob", "s1"))).isTrue();
        assertThat(await(a.sessionClosed("bob", "s1"))).isFalse();
        assertThat(drain()).containsExactly("a bob online", "a bob offline");
    }

    @Test
    void online_answers_for_users_on_any_node_and_refuses_more_than_a_thousand() {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        await(a.sessionOpened("ada", "1"));
        await(b.sessionOpened("cy", "2"));
        assertThat(await(a.online(List.of("ada", "bob", "cy", "ada")))).isEqualTo(Set.of("ada", "cy"));
        assertThat(await(b.online(List.of()))).isEmpty();
        List<String> many = IntStream.rangeClosed(0, Presence.MAX_QUERY).mapToObj(Integer::toString).toList();
        assertThatThrownBy(() -> await(a.online(many))).hasMessageContaining("at most 1000");
    }

    @Test
    void a_node_that_stops_renewing_is_reaped_by_another_and_only_the_users_it_alone_held_go_offline() throws Exception {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        await(a.sessionOpened("ada", "a1"));
        await(a.sessionOpened("bob", "a2"));
        await(b.sessionOpened("bob", "b1"));
        assertThat(drain()).containsExactly("a ada online", "a bob online");

        a.halt();

        assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b ada offline");
        assertThat(await(b.isOnline("ada"))).isFalse();
        assertThat(await(b.isOnline("bob"))).isTrue();
        assertThat(redis.send(Command.ZSCORE, keys.presenceNodes(), "a")).as("the dead node is forgotten").isNull();
        assertThat(await(b.sessionClosed("bob", "b1"))).isTrue();
        assertThat(drain()).containsExactly("b bob offline");
    }

    @Test
    void a_node_that_leaves_hands_its_sessions_to_another_node_which_announces_who_went_offline() throws Exception {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        await(a.sessionOpened("ada", "a1"));
        await(a.sessionOpened("bob", "a2"));
        await(a.sessionOpened("cy", "a3"));
        await(b.sessionOpened("bob", "b1"));
        assertThat(drain()).containsExactly("a ada online", "a bob online", "a cy online");

        await(a.leave());
        // Closing the leaving node's sockets is not recorded; the client of one reconnects to the other node at once.
        assertThat(await(a.sessionClosed("cy", "a3"))).isFalse();
        await(b.sessionOpened("cy", "b2"));

        assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b ada offline");
        assertThat(await(b.online(List.of("ada", "bob", "cy")))).isEqualTo(Set.of("bob", "cy"));
        assertThat(redis.send(Command.EXISTS, keys.presenceSessions("a")).toInteger()).isZero();
        assertThat(drain()).isEmpty();
    }

    @Test
    void a_node_restarted_with_the_same_id_drops_what_its_killed_process_left_so_no_user_stays_online() {
        RedisPresence before = node("n1");
        await(before.sessionOpened("ada", "old-tab"));
        before.halt();

        RedisPresence after = node("n1");

        assertThat(await(after.isOnline("ada"))).isFalse();
        assertThat(drain()).containsExactly("n1 ada online", "n1 ada offline");
    }

    @Test
    void a_node_whose_entries_expired_while_it_lived_puts_its_users_back_online() throws Exception {
        RedisPresence a = node("a");
        RedisPresence b = node("b");
        await(a.sessionOpened("ada", "a1"));
        assertThat(drain()).containsExactly("a ada online");

        // What a long pause or a lost link to Redis leaves: the node's entry expired and another node reaped it,
        // in one step here so that the node's next renewal cannot come between.
        String expireAndReap = "redis.call('ZADD', KEYS[1], 0, ARGV[3])\n" + PresenceScripts.REAP.text();
        Response reaped = redis.send(Command.EVAL, expireAndReap, "1", keys.presenceNodes(), keys.presencePrefix(), "500", "a");
        assertThat(reaped).extracting(Response::toString).containsExactly("a", "ada");

        assertThat(heard.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("a ada online");
        assertThat(await(b.isOnline("ada"))).isTrue();
    }

    private RedisPresence node(String id) {
        SharedRedis node = redis.node(keys, id);
        await(node.start());
        RedisPresence p = RedisPresence.create(node, TTL);
        p.onChange((user, online) -> heard.add(id + " " + user + (online ? " online" : " offline")));
        await(p.start());
        nodes.add(p);
        return p;
    }

    private List<String> drain() {
        List<String> out = new ArrayList<>();
        heard.drainTo(out);
        return out;
    }
}
