package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsProcesses;
import io.switchboard.testtags.NeedsRedis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Presence on three node processes sharing one PostgreSQL schema and one Redis: a user with sessions on two nodes
 * stays online until both are gone, and a node killed with SIGKILL takes its users offline within the bound
 * docs/PROTOCOL.md gives (presence-ttl plus a third of it), told once to a follower on another node, while users
 * of the other nodes stay online.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
@NeedsProcesses
class PresenceNodeKilledTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_presence_kill");
    private static final Duration TTL = Duration.ofSeconds(2);
    /** The documented bound, plus room for a loaded machine (three JVMs and a build on two cores). */
    private static final Duration OFFLINE_BOUND = TTL.plus(TTL.dividedBy(3)).plusSeconds(4);
    private static final Duration QUIET = Duration.ofMillis(800);

    @Test
    void a_user_is_online_until_the_last_node_holding_a_session_closes_it_or_dies_and_a_follower_hears_it_once() {
        try (Cluster cluster = Cluster.start("presence-kill", 3, SCHEMA, Cluster.SHARED_REDIS,
                Map.of("presence-ttl", TTL.toSeconds() + "s"))) {
            NodeProcess doomed = cluster.node(0);
            NodeProcess other = cluster.node(1);
            NodeProcess watcher = cluster.node(2);
            Member ursula = Member.create(doomed, "Ursula");
            Member vera = Member.create(watcher, "Vera");
            Member fred = Member.create(watcher, "Fred");
            fred.follow(watcher, ursula);
            fred.follow(watcher, vera);

            try (TestClient watching = fred.socket(watcher)) {
                TestClient veraSocket = vera.socket(watcher);
                assertStatus(watching.awaitPush("user_status"), vera, "online");

                ursula.socket(doomed);
                assertStatus(watching.awaitPush("user_status"), ursula, "online");
                TestClient phone = ursula.socket(other);
                watching.assertNoPush(QUIET);

                phone.close();
                watching.assertNoPush(QUIET);
                assertThat(fred.statusOf(watcher, ursula)).isEqualTo("online");
                assertThat(fred.statusOf(other, ursula)).isEqualTo("online");

                doomed.kill();
                assertStatus(watching.awaitPush("user_status", OFFLINE_BOUND), ursula, "offline");
                // Two surviving nodes may both notice the dead one; still only one of them tells.
                watching.assertNoPush(TTL);
                assertThat(fred.statusOf(watcher, ursula)).isEqualTo("offline");
                assertThat(fred.statusOf(other, ursula)).isEqualTo("offline");
                assertThat(fred.statusOf(watcher, vera)).isEqualTo("online");
                assertThat(fred.statusOf(other, vera)).isEqualTo("online");
                assertThat(veraSocket.isOpen()).isTrue();
            }
        }
    }

    private static void assertStatus(JsonNode frame, Member user, String status) {
        assertThat(frame.has("seq")).as("user_status is live only").isFalse();
        assertThat(frame.at("/data/user_id").asLong()).isEqualTo(user.id);
        assertThat(frame.at("/data/status").asText()).isEqualTo(status);
    }
}
