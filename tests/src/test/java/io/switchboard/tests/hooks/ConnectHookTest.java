package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connect hook decides who a client without a token is (from its cookie), adds the backend's {@code info}, and
 * refuses with the backend's close code; a client with a token is asked about too, as the token's user.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectHookTest {
    static TestBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> {
            String cookie = call.body().at("/headers/cookie").asText();
            String user = call.body().path("user").asText();
            if (cookie.contains("session=ann-session")) {
                return Response.json("{\"result\":{\"user\":\"42\",\"info\":{\"name\":\"Ann\"}}}");
            }
            if (cookie.contains("session=banned")) {
                return Response.json("{\"disconnect\":{\"code\":4040,\"reason\":\"banned user\"}}");
            }
            if (cookie.contains("session=refused")) {
                return Response.json("{\"error\":{\"code\":\"suspended\",\"message\":\"account suspended\"}}");
            }
            if (!user.isEmpty()) {
                // A token proved who it is: a user named here is ignored, the info is kept.
                return Response.json("{\"result\":{\"user\":\"mallory\",\"info\":{\"plan\":\"pro\"}}}");
            }
            return Response.json("{\"result\":{}}");
        });
        server = TestServer.start(Map.of("hook-connect-url", backend.url("/connect"), "hook-headers", "Cookie",
                "namespace.room.presence", "true", "namespace.room.client-presence", "true"));
    }

    @BeforeEach
    void forgetCalls() {
        backend.clearCalls();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void a_client_without_a_token_is_the_user_the_backend_names_from_its_cookie_with_the_backends_info() {
        TestClient ann = server.connect(ConnectOptions.withoutToken().header("Cookie", "theme=dark; session=ann-session"));
        try (ann) {
            JsonNode established = ann.awaitEstablished();

            assertThat(established.at("/data/user_id").asText()).isEqualTo("42");
            assertThat(established.at("/data/info/name").asText()).isEqualTo("Ann");
            ann.subscribe("user:42");
            TestBackend.Call call = backend.awaitCall();
            assertThat(call.body().path("user").asText()).isEmpty();
            assertThat(call.body().path("client").asText()).isEqualTo(established.at("/data/session_id").asText());
            assertThat(call.headers().getFirst("Cookie")).contains("session=ann-session");
        }
    }

    @Test
    void a_client_with_a_token_is_asked_about_as_the_tokens_user_and_keeps_that_user() {
        try (TestClient alice = server.client("alice")) {
            assertThat(backend.awaitCall().body().path("user").asText()).isEqualTo("alice");
            assertThat(alice.awaitEstablished().at("/data/info/plan").asText()).isEqualTo("pro");
            alice.subscribe("user:alice");
        }
    }

    @Test
    void the_backends_info_is_in_the_presence_of_the_channels_the_client_subscribes_to() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("room:info");

            JsonNode clients = alice.request("presence", Map.of("channel", "room:info")).assertAck().data().path("clients");

            assertThat(clients).hasSize(1);
            assertThat(clients.get(0).path("session_id").asText()).isEqualTo(alice.sessionId());
            assertThat(clients.get(0).at("/info/plan").asText()).isEqualTo("pro");
        }
    }

    @Test
    void a_disconnect_answer_closes_the_socket_with_the_backends_code_and_reason() {
        TestClient banned = server.connect(ConnectOptions.withoutToken().header("Cookie", "session=banned"));

        assertThat(banned.awaitClose().code()).isEqualTo(4040);
        assertThat(banned.awaitClose().reason()).isEqualTo("banned user");
    }

    @Test
    void an_error_answer_closes_with_4003_naming_the_backends_code() {
        TestClient refused = server.connect(ConnectOptions.withoutToken().header("Cookie", "session=refused"));

        assertThat(refused.awaitClose().code()).isEqualTo(4003);
        assertThat(refused.awaitClose().reason()).isEqualTo("suspended: account suspended");
    }

    @Test
    void a_client_without_a_token_the_backend_names_no_user_for_is_closed_with_4001() {
        TestClient nobody = server.connect(ConnectOptions.withoutToken().header("Cookie", "session=unknown"));

        assertThat(nobody.awaitClose().code()).isEqualTo(4001);
    }

    @Test
    void a_bad_token_is_refused_with_4002_without_asking_the_backend() {
        TestClient bad = server.connect(ConnectOptions.tokenInQuery("not-a-token"));

        assertThat(bad.awaitClose().code()).isEqualTo(4002);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void a_connect_hook_that_is_down_or_too_slow_closes_with_1013_try_again_later() {
        try (TestServer down = TestServer.start(Map.of("hook-connect-url", TestBackend.nothingListens("/connect")))) {
            TestClient client = down.connect(ConnectOptions.withoutToken());
            assertThat(client.awaitClose().code()).isEqualTo(1013);
            TestClient withToken = down.connect(ConnectOptions.tokenInQuery(down.token("alice")));
            assertThat(withToken.awaitClose().code()).isEqualTo(1013);
        }
        try (TestBackend slow = TestBackend.start(call -> {
            Thread.sleep(3_000);
            return Response.json("{\"result\":{\"user\":\"late\"}}");
        }); TestServer server = TestServer.start(Map.of("hook-connect-url", slow.url("/connect"), "hook-timeout", "200ms"))) {
            TestClient client = server.connect(ConnectOptions.withoutToken());
            assertThat(client.awaitClose().code()).isEqualTo(1013);
        }
    }
}
