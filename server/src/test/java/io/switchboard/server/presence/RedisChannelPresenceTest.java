package io.switchboard.server.presence;

import static io.switchboard.server.broker.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.server.broker.RedisFixture;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two {@link RedisChannelPresence}s on the local Redis stand for two nodes sharing a channel's presence. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsRedis
class RedisChannelPresenceTest {
    private final RedisFixture redis = new RedisFixture();
    private final RedisKeys keys = redis.freshKeys();

    @AfterEach
    void close() {
        redis.close();
    }

    private RedisChannelPresence node(String name) {
        SharedRedis shared = redis.node(keys, name);
        await(shared.start());
        return RedisChannelPresence.create(shared, Duration.ofSeconds(1));
    }

    @Test
    void each_node_sees_the_sessions_of_both_and_a_removal_is_seen_by_both() {
        RedisChannelPresence a = node("a");
        RedisChannelPresence b = node("b");
        await(a.add("chat:1", new ChannelClient("alice", "s1", null)));
        await(b.add("chat:1", new ChannelClient("bob", "s2", io.switchboard.protocol.Json.object().put("name", "Bob"))));
        await(b.add("chat:1", new ChannelClient("bob", "s3", null)));

        List<ChannelClient> fromA = await(a.clients("chat:1"));

        assertThat(fromA).extracting(ChannelClient::sessionId).containsExactlyInAnyOrder("s1", "s2", "s3");
        assertThat(fromA).filteredOn(c -> c.sessionId().equals("s2")).singleElement()
                .extracting(c -> c.info().path("name").asText()).isEqualTo("Bob");
        assertThat(await(b.stats("chat:1"))).isEqualTo(new PresenceStats(3, 2));

        await(b.remove("chat:1", "s2"));
        assertThat(await(a.clients("chat:1"))).extracting(ChannelClient::sessionId).containsExactlyInAnyOrder("s1", "s3");
    }

    @Test
    void entries_outlive_their_ttl_while_renewed_and_vanish_within_it_once_their_node_stops() {
        RedisChannelPresence a = node("a");
        RedisChannelPresence b = node("b");
        await(a.add("chat:2", new ChannelClient("alice", "s1", null)));
        await(b.add("chat:2", new ChannelClient("bob", "s2", null)));
        // A node that dies stops renewing and removes nothing.
        await(b.close());

        await().atMost(Duration.ofSeconds(10)).until(() -> await(a.clients("chat:2")).stream()
                .map(ChannelClient::sessionId).toList().equals(List.of("s1")));
        // Past b's entry's end, a's own (renewed every third of the ttl) is still there.
        assertThat(await(a.clients("chat:2"))).extracting(ChannelClient::userId).containsExactly("alice");
    }
}
