package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that cannot open a WebSocket gets the same session over Server-Sent Events: the frames a /ws client would
 * get, its messages posted as commands, replies and publications on the stream, and the close code as the last event.
 */
@SwitchboardTest(settings = {"channel-history=public=50/60s", "stream-heartbeat=300ms"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SseTransportTest {

    @Test
    void an_sse_client_subscribes_publishes_and_receives_through_commands(TestServer server) throws Exception {
        URI base = server.httpUri();
        try (StreamClient sse = StreamClient.sse(base, server.token("sse-alice"));
             TestClient bob = server.client("sse-bob")) {
            assertThat(sse.response.statusCode()).isEqualTo(200);
            assertThat(sse.response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(sse.response.headers().firstValue("Cache-Control")).hasValue("no-cache, no-transform");
            assertThat(sse.response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
            assertThat(sse.established().json().at("/data/user_id").asText()).isEqualTo("sse-alice");

            HttpReply accepted = sse.command(base, "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"public:sse-room\"}}");
            assertThat(accepted.status()).as("%s", accepted).isEqualTo(202);
            assertThat(accepted.json().path("accepted").asInt()).isEqualTo(1);
            StreamClient.Frame ack = sse.next();
            assertThat(ack.type()).isEqualTo("ack");
            assertThat(ack.json().path("id").asInt()).isEqualTo(1);

            bob.subscribe("public:sse-room");
            bob.publish("public:sse-room", Map.of("from", "websocket"));
            StreamClient.Frame fromBob = sse.next();
            assertThat(fromBob.type()).isEqualTo("message");
            assertThat(fromBob.json().at("/data/from").asText()).isEqualTo("websocket");
            assertThat(fromBob.json().path("offset").asLong()).isEqualTo(1);

            assertThat(server.http().publish("public:sse-room", Map.of("from", "server api")).status()).isEqualTo(202);
            assertThat(sse.next().json().at("/data/from").asText()).isEqualTo("server api");

            // A batch: a publish from the stream's own client, then a ping; their replies come in order.
            HttpReply batch = sse.command(base, "[{\"type\":\"publish\",\"id\":2,\"data\":{\"channel\":\"public:sse-room\","
                    + "\"data\":{\"from\":\"sse\"}}},{\"type\":\"ping\",\"id\":3}]");
            assertThat(batch.json().path("accepted").asInt()).isEqualTo(2);
            String seenByBob;
            do {
                seenByBob = bob.awaitMessage("public:sse-room").at("/data/from").asText();
            } while (!seenByBob.equals("sse"));
            // The publish is acked once stored and published, the ping at once: either may come first, as on /ws.
            java.util.Set<String> replies = new java.util.HashSet<>();
            for (int i = 0; i < 2; i++) {
                StreamClient.Frame reply = sse.next(f -> !f.type().equals("message"));
                replies.add(reply.type() + ":" + reply.json().path("id").asInt());
            }
            assertThat(replies).containsExactlyInAnyOrder("ack:2", "pong:3");

            assertThat(sse.heartbeat(Duration.ofSeconds(5))).isEqualTo(": ping");
        }
    }

    @Test
    void an_envelope_the_session_refuses_is_answered_on_the_stream_and_the_session_goes_on(TestServer server) throws Exception {
        URI base = server.httpUri();
        try (StreamClient sse = StreamClient.sse(base, server.token("sse-carol"))) {
            sse.established();
            assertThat(sse.command(base, "{\"type\":\"no_such_type\",\"id\":7}").status()).isEqualTo(202);
            StreamClient.Frame error = sse.next();
            assertThat(error.type()).isEqualTo("error");
            assertThat(error.json().path("id").asInt()).isEqualTo(7);
            assertThat(error.json().at("/error/code").asText()).isEqualTo("unknown_type");
            assertThat(error.json().at("/error/field").asText()).isEqualTo("type");

            sse.command(base, "{\"type\":\"subscribe\",\"id\":8,\"data\":{\"channel\":\"public:sse-after\"}}");
            assertThat(sse.next().type()).isEqualTo("ack");
        }
    }

    @Test
    void a_close_by_the_server_is_the_last_event_and_ends_the_response(TestServer server) throws Exception {
        URI base = server.httpUri();
        try (StreamClient sse = StreamClient.sse(base, server.token("sse-dave"))) {
            sse.established();
            HttpReply disconnected = server.http().postJson("/api/disconnect", Map.of("user", "sse-dave", "code", 4006),
                    Map.of("X-Api-Key", server.apiKey()));
            assertThat(disconnected.status()).as("%s", disconnected).isEqualTo(200);
            StreamClient.Frame close = sse.next();
            assertThat(close.event()).isEqualTo("close");
            assertThat(close.type()).isEqualTo("close");
            assertThat(close.json().at("/data/code").asInt()).isEqualTo(4006);
            assertThat(close.json().at("/data/reason").asText()).isNotEmpty();
            sse.awaitEnd();

            HttpReply gone = sse.command(base, "{\"type\":\"ping\",\"id\":1}");
            assertThat(gone.status()).isEqualTo(404);
            assertThat(gone.errorCode()).isEqualTo("unknown_session");
            assertThat(gone.errorField()).isEqualTo("session");
        }
        // The node goes on serving streams.
        try (StreamClient again = StreamClient.sse(base, server.token("sse-dave"))) {
            again.established();
        }
    }

    @Test
    void a_missing_or_bad_token_opens_a_stream_whose_only_event_is_the_close_code_of_ws(TestServer server) throws Exception {
        try (StreamClient none = StreamClient.sse(server.httpUri(), null)) {
            StreamClient.Frame close = none.next();
            assertThat(close.event()).isEqualTo("close");
            assertThat(close.json().at("/data/code").asInt()).isEqualTo(4001);
            none.awaitEnd();
        }
        try (StreamClient bad = StreamClient.sse(server.httpUri(), "not-a-token")) {
            assertThat(bad.next().json().at("/data/code").asInt()).isEqualTo(4002);
            bad.awaitEnd();
        }
    }
}
