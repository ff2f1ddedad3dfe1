package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.users.UsersApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The users app (live record sync) is documented: docs/openapi.yaml has its paths, methods and statuses,
 * docs/asyncapi.yaml its socket and the {@code user_update} message, docs/PROTOCOL.md its section, and a node
 * with the app answers as they say.
 */
@Timeout(60)
class UsersDocsTest extends AppDocsTest {
    @BeforeAll
    static void start() throws IOException {
        open("users", Map.of(), new UsersApp());
    }

    @Test
    void openapi_has_the_users_paths_their_methods_and_every_status_they_answer() {
        assertStatuses("/api/users/", "get", "200", "400", "401");
        assertStatuses("/api/users/", "post", "201", "400", "401", "413", "415");
        assertStatuses("/api/users/{id}/", "get", "200", "401", "404");
        assertStatuses("/api/users/{id}/", "patch", "200", "400", "401", "403", "404", "412", "413", "415");
        assertStatuses("/api/users/{id}/", "delete", "204", "401", "403", "404");
        for (String path : new String[] {"/api/users/", "/api/users/{id}/"}) {
            assertThat(openapi.path("paths").path(path).path("description").asText()).as("405 on %s", path)
                    .contains("405").contains("method_not_allowed");
        }
        for (String schema : new String[] {"User", "UserCreate", "UserPatch", "UserPage", "PreconditionFailed", "Error"}) {
            assertThat(openapi.at("/components/schemas/" + schema).isObject()).as("schema %s", schema).isTrue();
        }
        assertThat(openapi.at("/components/securitySchemes/bearerJwt/scheme").asText()).isEqualTo("bearer");
        assertThat(Docs.resolve(openapi, openapi.at("/paths/~1api~1users~1{id}~1/patch/responses/412"))
                .at("/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/PreconditionFailed");
        Set<String> tags = new TreeSet<>();
        openapi.path("tags").forEach(t -> tags.add(t.path("name").asText()));
        assertThat(tags).contains("users");
    }

    @Test
    void asyncapi_has_the_user_update_message_on_both_sockets() {
        JsonNode message = asyncapi.at("/components/messages/user_update");
        assertThat(message.isObject()).as("components/messages/user_update").isTrue();
        JsonNode payload = Docs.resolve(asyncapi, message.path("payload"));
        assertThat(payload.at("/properties/type/const").asText()).isEqualTo(UsersApp.USER_UPDATE);
        assertThat(payload.at("/properties/channel/const").asText()).isEqualTo(UsersApp.UPDATES.toString());
        assertThat(texts(payload.at("/properties/data/properties/action/enum"))).containsExactlyInAnyOrder("create", "update", "delete");
        assertThat(asyncapi.at("/channels/userUpdates/address").asText()).isEqualTo("/ws/user-updates/");
        assertThat(asyncapi.at("/channels/userUpdates/messages/user_update").isObject()).isTrue();
        assertThat(asyncapi.at("/channels/ws/messages/user_update").isObject()).isTrue();
        Set<String> sentOn = new TreeSet<>();
        asyncapi.path("operations").forEach(op -> {
            if (op.path("action").asText().equals("send")) {
                for (JsonNode m : Docs.resolvedList(asyncapi, op.path("messages"))) {
                    if (m.path("name").asText().equals(UsersApp.USER_UPDATE)) {
                        sentOn.add(op.at("/channel/$ref").asText());
                    }
                }
            }
        });
        assertThat(sentOn).contains("#/channels/ws", "#/channels/userUpdates");
        assertThat(protocol).contains("## Live record sync (users)").contains("/ws/user-updates/").contains("`users:updates`");
    }

    @Test
    void a_node_with_the_app_answers_with_documented_statuses_and_shapes() throws Exception {
        String token = node.tokens().issue("docs", Duration.ofMinutes(5));
        try (TextSocket socket = TextSocket.open(wsUri("/ws/user-updates/"), b -> b.subprotocols("switchboard", "bearer." + token))) {
            assertThat(socket.next().path("type").asText()).isEqualTo("connection_established");

            HttpResponse<String> created = call(token, "POST", "/api/users/", "{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}", Map.of());
            assertDocumented("post", "/api/users/", created, 201);
            JsonNode user = Json.parse(created.body());
            assertHasRequired(user, "User");
            assertThat(created.headers().firstValue("ETag")).hasValue("\"1\"");
            JsonNode event = socket.next();
            assertMatchesUserUpdate(event, "create");

            long id = user.path("id").asLong();
            String item = "/api/users/" + id + "/";
            assertDocumented("get", "/api/users/", call(token, "GET", "/api/users/?limit=1", null, Map.of()), 200);
            assertHasRequired(Json.parse(call(token, "GET", "/api/users/", null, Map.of()).body()), "UserPage");
            assertDocumented("get", "/api/users/", call(token, "GET", "/api/users/?limit=0", null, Map.of()), 400);
            assertDocumented("get", "/api/users/", call(null, "GET", "/api/users/", null, Map.of()), 401);
            assertDocumented("post", "/api/users/", call(token, "POST", "/api/users/", "{\"first_name\":\"A\"}", Map.of()), 400);
            assertDocumented("post", "/api/users/", call(token, "POST", "/api/users/", "x", Map.of("Content-Type", "text/plain")), 415);
            assertDocumented("get", "/api/users/{id}/", call(token, "GET", item, null, Map.of()), 200);
            assertDocumented("get", "/api/users/{id}/", call(token, "GET", "/api/users/999999/", null, Map.of()), 404);

            assertDocumented("patch", "/api/users/{id}/", call(token, "PATCH", item, "{\"first_name\":\"Mallory\"}", Map.of()), 403);
            assertDocumented("delete", "/api/users/{id}/", call(token, "DELETE", item, null, Map.of()), 403);
            // From here on as the record's own user, whose token's subject is its id.
            String owner = node.tokens().issue(String.valueOf(id), Duration.ofMinutes(5));
            assertDocumented("patch", "/api/users/{id}/", call(owner, "PATCH", item, "{\"first_name\":\"Augusta\"}",
                    Map.of("If-Match", "W/\"1\"")), 200);
            assertMatchesUserUpdate(socket.next(), "update");
            HttpResponse<String> stale = call(owner, "PATCH", item, "{\"last_name\":\"Byron\"}", Map.of("If-Match", "\"1\""));
            assertDocumented("patch", "/api/users/{id}/", stale, 412);
            assertHasRequired(Json.parse(stale.body()), "PreconditionFailed");
            assertHasRequired(Json.parse(stale.body()).path("current"), "User");
            assertThat(stale.headers().firstValue("ETag")).hasValue("\"2\"");
            assertDocumented("patch", "/api/users/{id}/", call(owner, "PATCH", item, "{\"email\":\"a@b\"}", Map.of()), 400);

            HttpResponse<String> put = call(owner, "PUT", item, "{}", Map.of());
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(Json.parse(put.body()).at("/error/code").asText()).isEqualTo("method_not_allowed");

            HttpResponse<String> deleted = call(owner, "DELETE", item, null, Map.of());
            assertThat(deleted.statusCode()).isEqualTo(204);
            assertThat(openapi.at("/paths/~1api~1users~1{id}~1/delete/responses").has("204")).isTrue();
            assertMatchesUserUpdate(socket.next(), "delete");
        }
    }

    private void assertMatchesUserUpdate(JsonNode frame, String action) {
        JsonNode schema = Docs.resolve(asyncapi, asyncapi.at("/components/messages/user_update/payload"));
        assertThat(Set.copyOf(texts(schema.path("required")))).allSatisfy(f -> assertThat(frame.has(f)).as("%s in %s", f, frame).isTrue());
        assertThat(frame.path("type").asText()).isEqualTo(schema.at("/properties/type/const").asText());
        assertThat(frame.path("channel").asText()).isEqualTo(schema.at("/properties/channel/const").asText());
        assertThat(frame.at("/data/action").asText()).isEqualTo(action);
        JsonNode user = frame.at("/data/user");
        JsonNode userSchema = Docs.resolve(asyncapi, schema.at("/properties/data/properties/user"));
        userSchema.path("required").forEach(f -> assertThat(user.has(f.asText())).as("%s in %s", f, user).isTrue());
    }

    private static URI wsUri(String path) {
        return URI.create("ws://127.0.0.1:" + node.port() + path);
    }

}
