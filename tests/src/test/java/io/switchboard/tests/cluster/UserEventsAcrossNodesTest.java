package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Per-user events on two nodes with the social app on one PostgreSQL schema and one Redis: an event is committed by
 * the node that produced it and pushed live by the nodes that hold the user's sockets; what a user missed is
 * replayed on reconnect to either node; live-only pushes (typing) cross nodes too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
class UserEventsAcrossNodesTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("events_nodes");
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void a_like_through_node_a_reaches_the_author_sockets_on_both_nodes_live_and_once() {
        try (TwoNodes nodes = nodes()) {
            Member ada = Member.create(nodes.a, "Ada");
            Member grace = Member.create(nodes.a, "Grace");
            long post = Member.expect(ada.post(nodes.b, "/api/posts/", Map.of("content", "Across nodes")), 201).get("id").asLong();
            try (TestClient onB = ada.socket(nodes.b); TestClient onA = ada.socket(nodes.a)) {
                Member.expect(grace.post(nodes.a, "/api/posts/" + post + "/like", null), 200);

                JsonNode pushed = onB.awaitEvent();
                assertThat(pushed.get("type").asText()).isEqualTo("notification");
                assertThat(pushed.at("/data/type").asText()).isEqualTo("like");
                assertThat(pushed.at("/data/post_id").asLong()).isEqualTo(post);
                assertThat(onA.awaitEvent()).isEqualTo(pushed);
                onB.assertNoPush(QUIET);
                onA.assertNoPush(Duration.ZERO);
            }
        }
    }

    @Test
    void what_a_user_missed_is_replayed_in_order_on_reconnect_to_the_other_node() {
        try (TwoNodes nodes = nodes()) {
            Member ada = Member.create(nodes.a, "Ada");
            Member grace = Member.create(nodes.b, "Grace");
            Member alan = Member.create(nodes.a, "Alan");
            long post = Member.expect(ada.post(nodes.a, "/api/posts/", Map.of("content", "Away")), 201).get("id").asLong();
            long first;
            try (TestClient before = ada.socket(nodes.a)) {
                Member.expect(grace.post(nodes.b, "/api/posts/" + post + "/like", null), 200);
                first = before.awaitEvent().get("seq").asLong();
                before.ackEvents(first).assertAck();
            }

            Member.expect(alan.post(nodes.a, "/api/posts/" + post + "/comments/", Map.of("content", "Welcome back")), 201);
            alan.follow(nodes.b, ada);

            try (TestClient back = ada.socket(nodes.b)) {
                List<String> types = new ArrayList<>();
                List<Long> seqs = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    JsonNode event = back.awaitEvent();
                    types.add(event.at("/data/type").asText());
                    seqs.add(event.get("seq").asLong());
                }
                assertThat(types).containsExactly("comment", "follow");
                assertThat(seqs).containsExactly(first + 1, first + 2);
                back.assertNoPush(QUIET);
            }
        }
    }

    @Test
    void typing_on_one_node_reaches_the_other_member_on_the_other_node() {
        try (TwoNodes nodes = nodes()) {
            Member ada = Member.create(nodes.a, "Ada");
            Member grace = Member.create(nodes.a, "Grace");
            JsonNode created = ada.post(nodes.a, "/api/chat/conversations/",
                    Json.object().set("member_ids", Json.mapper().createArrayNode().add(grace.id))).json();
            long conversation = created.get("id").asLong();
            try (TestClient adaOnA = ada.socket(nodes.a); TestClient graceOnB = grace.socket(nodes.b)) {
                adaOnA.request("typing", Json.object().put("conversation_id", conversation).put("is_typing", true)).assertAck();

                JsonNode pushed = graceOnB.awaitPush("typing");
                assertThat(pushed.has("seq")).as("typing is live only").isFalse();
                assertThat(pushed.at("/data/conversation_id").asLong()).isEqualTo(conversation);
                assertThat(pushed.at("/data/user_id").asLong()).isEqualTo(ada.id);
                assertThat(pushed.at("/data/is_typing").asBoolean()).isTrue();

                adaOnA.request("typing", Json.object().put("conversation_id", conversation).put("is_typing", false)).assertAck();
                assertThat(graceOnB.awaitPush("typing").at("/data/is_typing").asBoolean()).isFalse();
                adaOnA.assertNoPush(QUIET);
            }
        }
    }

    private static TwoNodes nodes() {
        return new TwoNodes(SCHEMA.settings(), () -> List.of(new UsersApp(), new AccountsApp(), new SocialApp()));
    }
}
