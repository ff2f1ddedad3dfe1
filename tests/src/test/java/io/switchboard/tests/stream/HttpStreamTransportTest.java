package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same session over HTTP streaming ({@code POST /connection/stream}, as fetch reads it): one JSON frame per line,
 * an empty line as heartbeat, and the close frame as the last line.
 */
@SwitchboardTest(settings = {"channel-history=public=50/60s", "stream-heartbeat=300ms"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpStreamTransportTest {

    @Test
    void a_streaming_client_subscribes_receives_and_gets_the_close_code_as_its_last_line(TestServer server) throws Exception {
        URI base = server.httpUri();
        try (StreamClient stream = StreamClient.ndjson(base, server.token("nd-alice"))) {
            assertThat(stream.response.statusCode()).isEqualTo(200);
            assertThat(stream.response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            assertThat(stream.response.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
            stream.established();

            HttpReply accepted = stream.command(base, "{\"type\":\"subscribe\",\"id\":\"s1\",\"data\":{\"channel\":\"public:nd-room\"}}");
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            StreamClient.Frame ack = stream.next();
            assertThat(ack.type()).isEqualTo("ack");
            assertThat(ack.json().path("id").asText()).isEqualTo("s1");

            server.http().publish("public:nd-room", Map.of("n", 1));
            StreamClient.Frame message = stream.next();
            assertThat(message.type()).isEqualTo("message");
            assertThat(message.json().path("channel").asText()).isEqualTo("public:nd-room");
            assertThat(message.json().at("/data/n").asInt()).isEqualTo(1);

            assertThat(stream.heartbeat(Duration.ofSeconds(5))).isEmpty();

            server.http().postJson("/api/disconnect", Map.of("user", "nd-alice"), Map.of("X-Api-Key", server.apiKey()));
            StreamClient.Frame close = stream.next();
            assertThat(close.type()).isEqualTo("close");
            assertThat(close.json().at("/data/code").asInt()).isEqualTo(4006);
            stream.awaitEnd();
        }
    }

    @Test
    void the_server_api_lists_a_stream_session_under_its_transport(TestServer server) throws Exception {
        try (StreamClient stream = StreamClient.ndjson(server.httpUri(), server.token("nd-bob"));
             StreamClient sse = StreamClient.sse(server.httpUri(), server.token("nd-bob"))) {
            stream.established();
            sse.established();
            HttpReply listed = server.http().postJson("/api/user_connections", Map.of("user", "nd-bob"),
                    Map.of("X-Api-Key", server.apiKey()));
            assertThat(listed.json().at("/result/connections").findValuesAsText("transport"))
                    .containsExactlyInAnyOrder("http_stream", "sse");
        }
    }
}
