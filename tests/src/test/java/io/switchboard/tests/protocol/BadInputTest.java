package io.switchboard.tests.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad frame gets an error with a code (and the field to blame), and the same connection keeps working. */
@SwitchboardTest(settings = "max-frame-bytes=1024")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {
    private final TestServer server;

    BadInputTest(TestServer server) {
        this.server = server;
    }

    static Stream<Arguments> badFrames() {
        return Stream.of(
                bad("text that is not JSON", "hello there", "bad_json", null, null),
                bad("truncated JSON", "{\"type\":\"ping\"", "bad_json", null, null),
                bad("a JSON array", "[{\"type\":\"ping\"}]", "bad_json", null, null),
                bad("a JSON string", "\"ping\"", "bad_json", null, null),
                bad("an envelope without type", "{\"id\":\"m1\",\"data\":{}}", "missing_field", "type", "m1"),
                bad("a numeric type", "{\"type\":5,\"id\":\"m2\"}", "invalid_field", "type", "m2"),
                bad("an empty type", "{\"type\":\"\",\"id\":\"m3\"}", "invalid_field", "type", "m3"),
                bad("an unknown type", "{\"type\":\"teleport\",\"id\":\"m4\"}", "unknown_type", "type", "m4"),
                bad("an unknown envelope field", "{\"type\":\"ping\",\"id\":\"m5\",\"extra\":1}", "unknown_field", "extra", "m5"),
                bad("an object id", "{\"type\":\"ping\",\"id\":{\"a\":1}}", "invalid_field", "id", null),
                bad("a fractional id", "{\"type\":\"ping\",\"id\":1.5}", "invalid_field", "id", null),
                bad("a boolean id", "{\"type\":\"ping\",\"id\":true}", "invalid_field", "id", null),
                bad("subscribe without data", "{\"type\":\"subscribe\",\"id\":\"m6\"}", "missing_field", "data", "m6"),
                bad("subscribe with data that is not an object", "{\"type\":\"subscribe\",\"id\":\"m7\",\"data\":\"public:a\"}",
                        "invalid_field", "data", "m7"),
                bad("subscribe without channel", "{\"type\":\"subscribe\",\"id\":\"m8\",\"data\":{}}",
                        "missing_field", "data.channel", "m8"),
                bad("subscribe with a numeric channel", "{\"type\":\"subscribe\",\"id\":\"m9\",\"data\":{\"channel\":7}}",
                        "invalid_field", "data.channel", "m9"),
                bad("subscribe with a bad channel name", "{\"type\":\"subscribe\",\"id\":\"m10\",\"data\":{\"channel\":\"no spaces here\"}}",
                        "invalid_field", "data.channel", "m10"),
                bad("subscribe with a channel without namespace", "{\"type\":\"subscribe\",\"id\":\"m11\",\"data\":{\"channel\":\"lobby\"}}",
                        "invalid_field", "data.channel", "m11"),
                bad("subscribe with an unknown data field",
                        "{\"type\":\"subscribe\",\"id\":\"m12\",\"data\":{\"channel\":\"public:a\",\"since\":3}}",
                        "unknown_field", "data.since", "m12"),
                bad("unsubscribe without channel", "{\"type\":\"unsubscribe\",\"id\":\"m13\",\"data\":{}}",
                        "missing_field", "data.channel", "m13"),
                bad("publish without data.data", "{\"type\":\"publish\",\"id\":\"m14\",\"data\":{\"channel\":\"public:a\"}}",
                        "missing_field", "data.data", "m14"),
                bad("a frame over max-frame-bytes", "{\"type\":\"ping\",\"id\":\"m15\",\"data\":\"" + "x".repeat(2000) + "\"}",
                        "too_large", null, null),
                bad("a frame over max-frame-bytes in multi-byte characters",
                        "{\"type\":\"ping\",\"data\":\"" + "\u00e9".repeat(600) + "\"}", "too_large", null, null));
    }

    private static Arguments bad(String name, String frame, String code, String field, String id) {
        return Arguments.of(name, frame, code, field, id);
    }

    @ParameterizedTest(name = "{0} gets {2}")
    @MethodSource("badFrames")
    void a_bad_frame_gets_an_error_and_the_connection_keeps_working(String name, String frame, String code,
                                                                      String field, String id) {
        try (TestClient client = server.client("alice")) {
            client.send(frame);

            Reply error = client.awaitError();

            assertThat(error.errorCode()).as("error for %s: %s", name, error).isEqualTo(code);
            assertThat(error.errorField()).as("field for %s: %s", name, error).isEqualTo(field);
            assertThat(error.errorMessage()).isNotBlank();
            assertThat(error.errorTemporary()).isFalse();
            if (id != null) {
                assertThat(error.id().asText()).as("the error echoes the request id").isEqualTo(id);
            }
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_binary_frame_gets_bad_json_and_the_connection_keeps_working() {
        try (TestClient client = server.client("alice")) {
            client.sendBinary("{\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8));

            Reply error = client.awaitError();

            assertThat(error.errorCode()).isEqualTo("bad_json");
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_frame_just_under_max_frame_bytes_is_handled() {
        try (TestClient client = server.client("alice")) {
            String padding = "x".repeat(900);
            client.send("{\"type\":\"ping\",\"id\":\"big\",\"data\":\"" + padding + "\"}");

            assertThat(client.awaitPush("pong").path("id").asText()).isEqualTo("big");
        }
    }

    @Test
    void a_numeric_request_id_is_echoed_as_a_number() {
        try (TestClient client = server.client("alice")) {
            client.send("{\"type\":\"teleport\",\"id\":42}");

            Reply error = client.awaitError();

            assertThat(error.errorCode()).isEqualTo("unknown_type");
            assertThat(error.id().isIntegralNumber()).isTrue();
            assertThat(error.id().asInt()).isEqualTo(42);
        }
    }
}
