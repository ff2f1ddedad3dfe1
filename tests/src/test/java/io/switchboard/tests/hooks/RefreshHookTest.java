package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection whose expiry the connect hook gave (the client holds no token to refresh) goes on when the refresh hook
 * extends it, and ends with 4002 when the backend says it expired.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RefreshHookTest {
    static TestBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> {
            String cookie = call.body().at("/headers/cookie").asText();
            long soon = Instant.now().getEpochSecond() + 2;
            if (call.path().equals("/connect")) {
                return Response.json("{\"result\":{\"user\":\"" + cookie.replace("session=", "") + "\",\"expire_at\":" + soon + "}}");
            }
            if (call.body().path("user").asText().equals("kept")) {
                return Response.json("{\"result\":{\"expire_at\":" + (soon + 3600) + "}}");
            }
            return Response.json("{\"result\":{\"expired\":true}}");
        });
        server = TestServer.start(Map.of("hook-connect-url", backend.url("/connect"),
                "hook-refresh-url", backend.url("/refresh"), "hook-headers", "Cookie"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void a_connection_the_refresh_hook_extends_lives_past_its_first_expiry() {
        try (TestClient kept = server.connect(ConnectOptions.withoutToken().header("Cookie", "session=kept"))) {
            kept.awaitEstablished();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15))
                    .until(() -> backend.received().stream().anyMatch(c -> c.path().equals("/refresh")
                            && c.body().path("user").asText().equals("kept")));
            // The node has read every refresh answer the backend sent so far, kept's included.
            long refreshes = backend.received().stream().filter(c -> c.path().equals("/refresh")).count();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() ->
                    server.metric("switchboard_hook_calls_total{hook=\"refresh\",outcome=\"result\"}") >= refreshes);

            assertThat(kept.ping().path("type").asText()).isEqualTo("pong");
            assertThat(kept.isOpen()).isTrue();
        }
    }

    @Test
    void a_connection_the_backend_says_expired_is_closed_with_4002() {
        TestClient gone = server.connect(ConnectOptions.withoutToken().header("Cookie", "session=gone"));
        gone.awaitEstablished();

        assertThat(gone.awaitClose(java.time.Duration.ofSeconds(15)).code()).isEqualTo(4002);
    }
}
