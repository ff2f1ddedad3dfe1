package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.support.SeedSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A transient push posted to one node ({@code POST /api/inbox/push}) reaches the user's sockets on the other node
 * through Redis, in the order of the request, and no socket of another user.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsRedis
class UserPushAcrossNodesTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void a_push_posted_to_node_b_reaches_the_users_sockets_on_both_nodes_in_order() {
        try (TwoNodes nodes = new TwoNodes(Map.of());
             SeedSocket onA = socket(nodes.a, "ada"); SeedSocket onB = socket(nodes.b, "ada");
             SeedSocket graceOnA = socket(nodes.a, "grace")) {
            List<Object> events = new ArrayList<>();
            for (int n = 0; n < 300; n++) {
                events.add(Map.of("user_id", "ada", "type", "token", "data", Map.of("n", n)));
            }
            events.add(Map.of("user_id", "grace", "type", "fence", "data", "end"));
            HttpReply reply = nodes.b.http().postJson("/api/inbox/push", events, Map.of("X-Api-Key", nodes.b.apiKey()));
            assertThat(reply.status()).as("%s", reply).isEqualTo(202);
            assertThat(reply.json().path("accepted").asInt()).isEqualTo(301);

            for (SeedSocket ada : List.of(onA, onB)) {
                await().atMost(WAIT).until(() -> ada.frames("token").size() == 300);
                List<JsonNode> tokens = ada.frames("token");
                for (int n = 0; n < 300; n++) {
                    assertThat(tokens.get(n).has("seq")).isFalse();
                    assertThat(tokens.get(n).at("/data/n").asInt()).isEqualTo(n);
                }
                assertThat(ada.frames("fence")).isEmpty();
            }
            // The other user's event of the same request reaches that user only.
            await().atMost(WAIT).until(() -> graceOnA.frames("fence").size() == 1);
            assertThat(graceOnA.frames("token")).isEmpty();
        }
    }

    private static SeedSocket socket(TestServer node, String user) {
        SeedSocket socket = SeedSocket.open(node.port(), TestServer.userPath(user) + "?token=" + node.token(user));
        await().atMost(WAIT).until(() -> socket.frames("connection_established").size() == 1);
        return socket;
    }
}
