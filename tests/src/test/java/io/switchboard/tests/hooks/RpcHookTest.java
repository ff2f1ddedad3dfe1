package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The {@code rpc} command goes to the backend's RPC hook and its answer comes back to the client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RpcHookTest {
    static TestBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> switch (call.body().path("method").asText()) {
            case "echo" -> Response.json("{\"result\":{\"data\":{\"you_sent\":" + call.body().path("data")
                    + ",\"user\":" + call.body().path("user") + "}}}");
            case "launch" -> Response.json("{\"error\":{\"code\":1001,\"message\":\"not before lunch\"}}");
            case "join_room" -> Response.json("{\"error\":{\"code\":\"room_full\",\"message\":\"room 7 is full\",\"temporary\":true}}");
            default -> Response.json("{\"result\":{}}");
        });
        server = TestServer.start(Map.of("hook-rpc-url", backend.url("/rpc")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void an_rpc_call_reaches_the_backend_with_its_method_data_and_user_and_its_result_comes_back_in_the_ack() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("rpc", Map.of("method", "echo", "data", Map.of("n", 42))).assertAck();

            assertThat(reply.data().at("/data/you_sent/n").asInt()).isEqualTo(42);
            assertThat(reply.data().at("/data/user").asText()).isEqualTo("alice");
            TestBackend.Call call = backend.awaitCall();
            assertThat(call.path()).isEqualTo("/rpc");
            assertThat(call.body().path("client").asText()).isEqualTo(alice.sessionId());
            assertThat(call.body().path("transport").asText()).isEqualTo("websocket");
            assertThat(call.body().path("protocol").asText()).isEqualTo("json");
        }
    }

    @Test
    void a_refusal_with_a_numeric_code_reaches_the_client_with_that_code_and_the_connection_lives_on() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("rpc", Map.of("method", "launch", "data", "now"));

            assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo("1001");
            assertThat(reply.errorMessage()).isEqualTo("not before lunch");
            assertThat(reply.errorTemporary()).isFalse();
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_refusal_with_a_named_temporary_code_reaches_the_client_as_the_backend_said() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("rpc", Map.of("method", "join_room"));

            assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo("room_full");
            assertThat(reply.errorMessage()).isEqualTo("room 7 is full");
            assertThat(reply.errorTemporary()).isTrue();
        }
    }

    @Test
    void an_rpc_without_a_method_is_refused_before_the_backend_is_asked() {
        try (TestClient alice = server.client("alice")) {
            backend.clearCalls();
            Reply reply = alice.request("rpc", Map.of("data", 1));

            assertThat(reply.errorCode()).isEqualTo("missing_field");
            assertThat(reply.errorField()).isEqualTo("data.method");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }
}
