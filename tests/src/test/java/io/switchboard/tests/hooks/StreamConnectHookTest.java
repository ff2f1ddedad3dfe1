package io.switchboard.tests.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.TestServer;
import io.switchboard.tests.hooks.TestBackend.Response;
import io.switchboard.tests.stream.StreamClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream opened without a token is let in by the connect hook as the user it names from the cookie, as a /ws socket
 * is, and the hook's refusals are the stream's close frame with the codes a WebSocket would get.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamConnectHookTest {
    static TestBackend backend;
    static TestServer server;

    @BeforeAll
    static void start() {
        backend = TestBackend.start(call -> {
            String cookie = call.body().at("/headers/cookie").asText();
            if (cookie.contains("session=ann-session")) {
                return Response.json("{\"result\":{\"user\":\"42\",\"info\":{\"name\":\"Ann\"}}}");
            }
            if (cookie.contains("session=banned")) {
                return Response.json("{\"disconnect\":{\"code\":4040,\"reason\":\"banned user\"}}");
            }
            if (cookie.contains("session=refused")) {
                return Response.json("{\"error\":{\"code\":\"suspended\",\"message\":\"account suspended\"}}");
            }
            return Response.json("{\"result\":{}}");
        });
        server = TestServer.start(Map.of("hook-connect-url", backend.url("/connect"), "hook-headers", "Cookie"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        backend.close();
    }

    @Test
    void a_stream_without_a_token_is_the_user_the_backend_names_from_its_cookie() throws Exception {
        try (StreamClient sse = StreamClient.sse(server.httpUri(), null, Map.of("Cookie", "session=ann-session"))) {
            StreamClient.Frame hello = sse.established();
            assertThat(hello.json().at("/data/user_id").asText()).isEqualTo("42");
            assertThat(hello.json().at("/data/info/name").asText()).isEqualTo("Ann");
        }
        try (StreamClient stream = StreamClient.ndjson(server.httpUri(), null, Map.of("Cookie", "session=ann-session"))) {
            assertThat(stream.established().json().at("/data/user_id").asText()).isEqualTo("42");
        }
        // The backend is told how each client came: an SSE stream, then an HTTP stream, both speaking JSON.
        var asked = backend.received().stream().filter(c -> c.body().at("/headers/cookie").asText().contains("ann-session"))
                .map(c -> c.body().path("transport").asText() + "/" + c.body().path("protocol").asText()).toList();
        assertThat(asked).containsSubsequence("sse/json", "http_stream/json");
    }

    @Test
    void the_backends_refusals_are_the_close_frame_of_the_stream() throws Exception {
        try (StreamClient banned = StreamClient.sse(server.httpUri(), null, Map.of("Cookie", "session=banned"))) {
            StreamClient.Frame close = banned.next();
            assertThat(close.event()).isEqualTo("close");
            assertThat(close.json().at("/data/code").asInt()).isEqualTo(4040);
            assertThat(close.json().at("/data/reason").asText()).isEqualTo("banned user");
            banned.awaitEnd();
        }
        try (StreamClient refused = StreamClient.sse(server.httpUri(), null, Map.of("Cookie", "session=refused"))) {
            assertThat(refused.next().json().at("/data/code").asInt()).isEqualTo(4003);
        }
        try (StreamClient nobody = StreamClient.sse(server.httpUri(), null, Map.of("Cookie", "session=unknown"))) {
            assertThat(nobody.next().json().at("/data/code").asInt()).isEqualTo(4001);
        }
    }
}
