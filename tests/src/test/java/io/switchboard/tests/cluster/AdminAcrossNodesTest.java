package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.tests.admin.AdminCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin console on two nodes over Redis: a session signed in on one node works on the other (as behind a load
 * balancer), its figures and stats cover both nodes, and its disconnect reaches a socket the other node holds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminAcrossNodesTest {
    private static final String PASSWORD = "two-nodes-share-the-admin-password";

    @Test
    void one_sign_in_serves_both_nodes_which_both_show_in_the_figures_and_the_stats() {
        try (TwoNodes nodes = new TwoNodes(Map.of("admin", "true", "admin-password", PASSWORD));
             TestClient alice = nodes.a.client("xa-alice"); TestClient bob = nodes.b.client("xa-bob")) {
            alice.subscribe("public:xa-room");
            bob.subscribe("public:xa-room");
            AdminCalls onA = AdminCalls.signIn(nodes.a.http(), PASSWORD);
            HttpReply onB = nodes.b.http().postJson("/admin/api/info", Map.of(),
                    Map.of("Authorization", "Bearer " + onA.token()));
            assertThat(onB.status()).as("node b accepts node a's session: %s", onB).isEqualTo(200);
            assertThat(onB.json().at("/result/nodes")).hasSize(2);

            List<String> names = new ArrayList<>();
            onA.stats().path("nodes").forEach(n -> names.add(n.path("name").asText()));
            assertThat(names).hasSize(2).doesNotHaveDuplicates();

            JsonNode channel = onA.result("channels", Map.of("pattern", "public:xa-*")).at("/channels/public:xa-room");
            assertThat(channel.path("num_clients").asInt()).isEqualTo(2);

            assertThat(onA.result("disconnect", Map.of("user", "xa-bob")).path("sessions").asInt()).isEqualTo(1);
            assertThat(bob.awaitClose().code()).isEqualTo(4006);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    onA.stats().path("nodes").findValuesAsText("connections")).containsExactlyInAnyOrder("1", "0"));
        }
    }
}
