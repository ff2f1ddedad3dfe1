package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.presence.RedisPresence;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two nodes with the social app on one PostgreSQL schema and one Redis: a user is online while a session of theirs
 * is open on any node, each change reaches followers on any node once, and a node that dies or shuts down takes
 * its users offline (unless they reconnected elsewhere) within the bound: presence-ttl plus a third of it, here 2 s
 * plus 0.7 s.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
class PresenceAcrossNodesTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("presence_nodes");
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void a_user_with_sockets_on_both_nodes_is_online_until_both_close_and_a_follower_hears_each_change_once() {
        try (TwoNodes nodes = nodes()) {
            Member ada = Member.create(nodes.a, "Ada");
            Member grace = Member.create(nodes.b, "Grace");
            grace.follow(nodes.b, ada);
            try (TestClient watching = grace.socket(nodes.b)) {
                TestClient laptop = ada.socket(nodes.a);
                assertStatus(watching.awaitPush("user_status"), ada, "online");
                TestClient phone = ada.socket(nodes.b);
                watching.assertNoPush(QUIET);

                laptop.close();
                watching.assertNoPush(QUIET);
                assertThat(grace.statusOf(nodes.a, ada)).isEqualTo("online");
                assertThat(grace.statusOf(nodes.b, ada)).isEqualTo("online");

                phone.close();
                assertStatus(watching.awaitPush("user_status"), ada, "offline");
                watching.assertNoPush(QUIET);
                assertThat(grace.statusOf(nodes.a, ada)).isEqualTo("offline");
                assertThat(grace.statusOf(nodes.b, ada)).isEqualTo("offline");
            }
        }
    }

    @Test
    void when_a_node_dies_its_users_go_offline_and_a_follower_on_the_surviving_node_hears_it_once() {
        try (TwoNodes nodes = nodes()) {
            Member ada = Member.create(nodes.a, "Ada");
            Member grace = Member.create(nodes.b, "Grace");
            grace.follow(nodes.b, ada);
            try (TestClient watching = grace.socket(nodes.b); TestClient laptop = ada.socket(nodes.a)) {
                assertStatus(watching.awaitPush("user_status"), ada, "online");

                // As kill -9 would: node A stops renewing its presence and cleans nothing up (its sockets stay open).
                ((RedisPresence) nodes.a.switchboard().presence()).halt();

                assertStatus(watching.awaitPush("user_status"), ada, "offline");
                watching.assertNoPush(QUIET);
                assertThat(grace.statusOf(nodes.b, ada)).isEqualTo("offline");
                assertThat(laptop.isOpen()).isTrue();
            }
        }
    }

    @Test
    void after_a_rolling_restart_no_user_stays_online_and_one_who_moved_to_the_other_node_never_flapped() {
        try (TwoNodes nodes = nodes()) {
            Member ada = Member.create(nodes.a, "Ada");
            Member cy = Member.create(nodes.a, "Cy");
            Member grace = Member.create(nodes.b, "Grace");
            grace.follow(nodes.b, ada);
            grace.follow(nodes.b, cy);
            try (TestClient watching = grace.socket(nodes.b)) {
                ada.socket(nodes.a);
                assertStatus(watching.awaitPush("user_status"), ada, "online");
                cy.socket(nodes.a);
                assertStatus(watching.awaitPush("user_status"), cy, "online");
                // Cy's client has already reconnected through the load balancer to node B.
                TestClient cyMoved = cy.socket(nodes.b);

                String stopped = nodes.a.switchboard().nodeId();
                nodes.a.close();
                nodes.awaitReaped(stopped);

                assertStatus(watching.awaitPush("user_status"), ada, "offline");
                watching.assertNoPush(QUIET);
                try (TestServer restarted = nodes.another()) {
                    assertThat(restarted.switchboard().nodeId()).isNotEqualTo(stopped);
                    assertThat(grace.statusOf(restarted, ada)).isEqualTo("offline");
                    assertThat(grace.statusOf(restarted, cy)).isEqualTo("online");

                    cyMoved.close();
                    assertStatus(watching.awaitPush("user_status"), cy, "offline");
                    assertThat(grace.statusOf(restarted, cy)).isEqualTo("offline");
                }
            }
        }
    }

    private static TwoNodes nodes() {
        Map<String, String> settings = new HashMap<>(SCHEMA.settings());
        settings.put("presence-ttl", "2s");
        return new TwoNodes(settings, () -> List.of(new UsersApp(), new AccountsApp(), new SocialApp()));
    }

    private static void assertStatus(JsonNode frame, Member user, String status) {
        assertThat(frame.has("seq")).as("user_status is live only").isFalse();
        assertThat(frame.at("/data/user_id").asLong()).isEqualTo(user.id);
        assertThat(frame.at("/data/status").asText()).isEqualTo(status);
    }
}
