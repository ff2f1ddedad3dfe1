package io.switchboard.server.broker;

import static io.switchboard.server.broker.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.RedisLink;
import io.switchboard.testtags.NeedsRedis;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Redis history keeps the contract, shares one stream between nodes, and starts a new epoch when Redis loses it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsRedis
class RedisChannelHistoryTest extends ChannelHistoryContract {
    private static RedisFixture redis;
    private static RedisLink link;
    private static RedisLink otherNode;

    @BeforeAll
    static void connect() {
        redis = new RedisFixture();
        link = redis.link("history-test");
        otherNode = redis.link("history-test-2");
    }

    @AfterAll
    static void cleanUp() {
        await(link.close());
        await(otherNode.close());
        redis.close();
    }

    @Override
    protected ChannelHistory history() {
        return history(link, redis.freshKeys());
    }

    private ChannelHistory history(RedisLink on, RedisKeys keys) {
        return new RedisChannelHistory(on, keys, c -> c.startsWith("kept:") ? KEPT : null, clock::get);
    }

    @Test
    void two_nodes_publishing_at_once_share_one_stream_with_no_gap_and_no_repeat() {
        RedisKeys keys = redis.freshKeys();
        ChannelHistory a = history(link, keys);
        ChannelHistory b = history(otherNode, keys);
        List<Future<Publication>> appended = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            appended.add(append(a, "kept:shared", "a" + i));
            appended.add(append(b, "kept:shared", "b" + i));
        }
        List<Long> offsets = new ArrayList<>();
        for (Future<Publication> f : appended) {
            offsets.add(await(f).offset());
        }

        assertThat(offsets).doesNotHaveDuplicates().hasSize(200);
        assertThat(offsets.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(200);
        StreamPosition fromA = await(a.position("kept:shared"));
        assertThat(await(b.position("kept:shared"))).isEqualTo(fromA);
        assertThat(fromA.epoch()).isEqualTo(await(appended.get(0)).epoch());
    }

    @Test
    void a_position_read_on_one_node_recovers_on_another() {
        RedisKeys keys = redis.freshKeys();
        ChannelHistory a = history(link, keys);
        ChannelHistory b = history(otherNode, keys);
        StreamPosition seen = await(a.position("kept:across"));
        await(append(a, "kept:across", "1"));
        await(append(a, "kept:across", "2"));

        Recovery r = await(b.recover("kept:across", seen.epoch(), seen.offset(), 100));

        assertThat(r.recovered()).isTrue();
        assertThat(r.publications()).extracting(p -> new String(p.data(), StandardCharsets.UTF_8)).containsExactly("1", "2");
        assertThat(r.publications()).extracting(Publication::epoch).containsOnly(seen.epoch());
        assertThat(new String(r.publications().get(1).frame(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message\",\"channel\":\"kept:across\",\"offset\":2,\"epoch\":\"" + seen.epoch()
                        + "\",\"data\":2}");
    }

    @Test
    void a_stream_whose_keys_redis_lost_starts_again_under_a_new_epoch() {
        RedisKeys keys = redis.freshKeys();
        ChannelHistory h = history(link, keys);
        await(append(h, "kept:lost", "1"));
        StreamPosition before = await(h.position("kept:lost"));
        redis.send(Command.DEL, keys.meta("kept:lost"), keys.log("kept:lost"));

        StreamPosition after = await(h.position("kept:lost"));

        assertThat(after.epoch()).isNotEqualTo(before.epoch());
        assertThat(after.offset()).isZero();
        assertThat(await(h.recover("kept:lost", before.epoch(), before.offset(), 100)).recovered()).isFalse();
        assertThat(await(append(h, "kept:lost", "2")).offset()).isEqualTo(1);
    }

    @Test
    void the_history_keys_expire_so_an_abandoned_channel_does_not_stay_in_redis() {
        RedisKeys keys = redis.freshKeys();
        await(append(history(link, keys), "kept:ttl", "1"));

        assertThat(redis.send(Command.PTTL, keys.log("kept:ttl")).toLong()).isBetween(1L, KEPT.ttl().toMillis());
        assertThat(redis.send(Command.PTTL, keys.meta("kept:ttl")).toLong()).isBetween(KEPT.ttl().toMillis(), 3_600_000L);
    }

    private static Future<Publication> append(ChannelHistory h, String channel, String data) {
        return h.append(Publication.of(channel, "message", data.getBytes(StandardCharsets.UTF_8)), h.options(channel));
    }
}
