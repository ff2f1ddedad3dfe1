package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A backend that is slow or answers garbage yields {@code unavailable} (temporary), never a hang, and the
 * connection lives on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HookFailureTest {
    static TestBackend backend;
    static TestServer server;
    static volatile CountDownLatch release = new CountDownLatch(1);

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> switch (call.body().path("method").asText()) {
            case "slow" -> {
                // Held until the test lets it go: longer than the node's hook-timeout.
                release.await(30, TimeUnit.SECONDS);
                yield Response.json("{\"result\":{\"data\":\"late\"}}");
            }
            case "not_json" -> Response.json("<html>oops</html>");
            case "no_shape" -> Response.json("{\"allowed\":true}");
            case "bad_code" -> Response.json("{\"error\":{\"code\":99,\"message\":\"?\"}}");
            case "status_500" -> new Response(500, "{\"result\":{}}");
            default -> Response.json("{\"result\":{\"data\":\"ok\"}}");
        });
        server = TestServer.start(Map.of("hook-rpc-url", backend.url("/rpc"), "hook-timeout", "500ms"));
    }

    @AfterEach
    void letGo() {
        release.countDown();
        release = new CountDownLatch(1);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void a_hook_slower_than_the_timeout_is_unavailable_and_the_connection_lives_on() {
        try (TestClient alice = server.client("alice")) {
            Reply reply = alice.request("rpc", Map.of("method", "slow"));

            assertThat(reply.errorCode()).as("reply %s", reply).isEqualTo("unavailable");
            assertThat(reply.errorTemporary()).isTrue();
            assertThat(reply.errorMessage()).contains("did not answer within 500 ms");
            assertThat(alice.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void answers_that_are_not_json_not_one_of_the_shapes_a_bad_code_or_not_200_are_unavailable() {
        try (TestClient alice = server.client("alice")) {
            for (String method : new String[] {"not_json", "no_shape", "bad_code", "status_500"}) {
                Reply reply = alice.request("rpc", Map.of("method", method));

                assertThat(reply.errorCode()).as("reply to %s: %s", method, reply).isEqualTo("unavailable");
                assertThat(reply.errorMessage()).as(method).contains("answered something unusable");
            }
            assertThat(alice.request("rpc", Map.of("method", "fine")).assertAck().data().path("data").asText())
                    .isEqualTo("ok");
        }
    }
}
