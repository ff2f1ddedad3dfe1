package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.presence.PresenceStats;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one Redis: a namespace's presence, join/leave and history span the nodes, so a client on one node sees
 * who is subscribed on the other, and the backend's reads (the engine's {@code ChannelReads}) answer the same on both.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsRedis
class ChannelPresenceAcrossNodesTest {
    private static final Map<String, String> CHAT = Map.of("namespace.chat.presence", "true",
            "namespace.chat.join-leave", "true", "namespace.chat.client-presence", "true",
            "namespace.chat.history-size", "10", "namespace.chat.client-history", "true", "presence-ttl", "2s");

    @Test
    void a_client_on_one_node_sees_the_sessions_and_joins_and_leaves_of_the_other() throws Exception {
        try (TwoNodes nodes = new TwoNodes(CHAT); TestClient alice = nodes.a.client("alice"); TestClient bob = nodes.b.client("bob")) {
            alice.subscribe("chat:x");
            alice.awaitPush("join");

            bob.subscribe("chat:x");
            JsonNode join = alice.awaitPush("join");

            assertThat(join.at("/data/user_id").asText()).isEqualTo("bob");
            assertThat(users(alice.request("presence", Map.of("channel", "chat:x")))).containsExactlyInAnyOrder("alice", "bob");
            assertThat(users(bob.request("presence", Map.of("channel", "chat:x")))).containsExactlyInAnyOrder("alice", "bob");
            PresenceStats stats = nodes.a.switchboard().channelReads().presenceStats(new ChannelName("chat", "x"))
                    .await(10, TimeUnit.SECONDS);
            assertThat(stats).isEqualTo(new PresenceStats(2, 2));

            bob.close();
            assertThat(alice.awaitPush("leave").at("/data/user_id").asText()).isEqualTo("bob");
            await().atMost(Duration.ofSeconds(10)).until(() -> users(alice.request("presence", Map.of("channel", "chat:x")))
                    .equals(List.of("alice")));
        }
    }

    @Test
    void history_published_through_one_node_is_read_on_the_other() throws Exception {
        try (TwoNodes nodes = new TwoNodes(CHAT); TestClient alice = nodes.a.client("alice")) {
            alice.subscribe("chat:h");
            for (int i = 1; i <= 3; i++) {
                assertThat(nodes.b.http().publish("chat:h", Map.of("n", i)).status()).isEqualTo(202);
            }

            Reply history = alice.request("history", Map.of("channel", "chat:h")).assertAck();

            List<Integer> seen = new ArrayList<>();
            history.data().path("publications").forEach(p -> seen.add(p.at("/data/n").asInt()));
            assertThat(seen).containsExactly(1, 2, 3);
            assertThat(history.data().path("offset").asLong()).isEqualTo(3);
        }
    }

    private static List<String> users(Reply presence) {
        List<String> out = new ArrayList<>();
        presence.assertAck().data().path("clients").forEach(c -> out.add(c.path("user_id").asText()));
        return out;
    }
}
