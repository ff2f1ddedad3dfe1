package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.socketio.SocketIoNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The social app's Socket.IO clients on two nodes over Redis and one PostgreSQL, WebSocket transport: a like made
 * through one node reaches the post's room and the author's sockets on both nodes, as the seed's many workers do.
 */
@NeedsRedis
@NeedsPostgres
@NeedsNode
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocialOverSocketIoAcrossNodesTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("socketio_nodes");

    @Test
    void a_like_through_one_node_reaches_the_room_and_the_author_on_both_nodes() throws Exception {
        try (TwoNodes nodes = new TwoNodes(SCHEMA.settings(), () -> List.of(new UsersApp(), new AccountsApp(), new SocialApp()));
             SocketIoNode io = SocketIoNode.start("http://127.0.0.1:" + nodes.a.port())) {
            Member ada = Member.create(nodes.a, "Ada");
            Member grace = Member.create(nodes.a, "Grace");
            long post = Member.expect(ada.post(nodes.b, "/api/posts/", Map.of("content", "Across nodes")), 201).get("id").asLong();
            ObjectNode websocket = Json.object().set("transports", Json.mapper().createArrayNode().add("websocket"));
            io.connectAt("adaOnA", "http://127.0.0.1:" + nodes.a.port(), ada.token, websocket);
            io.connectAt("adaOnB", "http://127.0.0.1:" + nodes.b.port(), ada.token, websocket);
            io.connectAt("graceOnB", "http://127.0.0.1:" + nodes.b.port(), grace.token, websocket);
            for (String s : new String[] {"adaOnA", "adaOnB", "graceOnB"}) {
                io.awaitEvent(s, "connect");
            }
            assertThat(io.emitWithAck("graceOnB", "join_post", Map.of("post_id", post))).isEmpty();

            Member.expect(grace.post(nodes.a, "/api/posts/" + post + "/like", null), 200);

            ArrayNode update = io.awaitEmit("graceOnB", "like_update");
            assertThat(update.get(0).get("count").asLong()).isEqualTo(1);
            for (String s : new String[] {"adaOnA", "adaOnB"}) {
                ArrayNode notification = io.awaitEmit(s, "notification");
                assertThat(notification.get(0).get("type").asText()).isEqualTo("like");
                assertThat(notification.get(0).get("post_id").asLong()).isEqualTo(post);
            }
        }
    }
}
