package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code POST /connection/command} refuses what it cannot take with the documented status and a JSON error naming the
 * field, and the stream it was meant for stays open and keeps working.
 */
@SwitchboardTest(settings = "max-frame-bytes=1024")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CommandErrorsTest {

    @Test
    void bad_commands_get_their_documented_errors_and_the_stream_lives_on(TestServer server) throws Exception {
        URI base = server.httpUri();
        String token = server.token("cmd-erin");
        try (StreamClient sse = StreamClient.sse(base, token)) {
            String session = sse.established().json().at("/data/session_id").asText();

            assertError(StreamClient.command(base, session, null, "{\"type\":\"ping\"}"), 401, "unauthorized", null);
            assertError(StreamClient.command(base, session, "garbage", "{\"type\":\"ping\"}"), 401, "unauthorized", null);
            assertError(StreamClient.command(base, session, server.token("cmd-mallory"), "{\"type\":\"ping\"}"),
                    403, "forbidden", "session");
            assertError(StreamClient.command(base, "no-such-session", token, "{\"type\":\"ping\"}"),
                    404, "unknown_session", "session");
            assertError(StreamClient.command(base, null, token, "{\"type\":\"ping\"}"), 400, "missing_field", "session");
            assertError(sse.command(base, "{not json"), 400, "bad_json", null);
            assertError(sse.command(base, ""), 400, "bad_json", null);
            assertError(sse.command(base, "\"ping\""), 400, "bad_json", null);
            assertError(sse.command(base, "[]"), 400, "invalid_field", "[]");
            assertError(sse.command(base, "[{\"type\":\"ping\"},42]"), 400, "invalid_field", "[1]");
            assertError(sse.command(base, "{\"type\":\"ping\",\"data\":{\"pad\":\"" + "x".repeat(2000) + "\"}}"),
                    413, "too_large", null);
            assertError(sse.command(base, "[" + "{\"type\":\"ping\"},".repeat(100) + "{\"type\":\"ping\"}]"),
                    413, "too_large", "[]");

            // None of these reached the session; a good command still does.
            HttpReply ok = sse.command(base, "{\"type\":\"ping\",\"id\":\"still-here\"}");
            assertThat(ok.status()).isEqualTo(202);
            StreamClient.Frame pong = sse.next();
            assertThat(pong.type()).isEqualTo("pong");
            assertThat(pong.json().path("id").asText()).isEqualTo("still-here");
        }
    }

    private static void assertError(HttpReply reply, int status, String code, String field) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(reply.errorCode()).as("%s", reply).isEqualTo(code);
        if (field != null) {
            assertThat(reply.errorField()).as("%s", reply).isEqualTo(field);
        }
    }
}
