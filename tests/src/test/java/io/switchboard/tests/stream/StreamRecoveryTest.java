package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream client that lost its stream opens a new one and subscribes with its position: it gets the publications it
 * missed before the ack, as a WebSocket client would. The lost stream's session is gone on the server.
 */
@SwitchboardTest(settings = "channel-history=public=50/60s")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamRecoveryTest {

    @Test
    void a_new_stream_subscribing_with_its_position_gets_what_it_missed(TestServer server) throws Exception {
        URI base = server.httpUri();
        String token = server.token("rec-alice");
        String epoch;
        String lostSession;
        try (StreamClient first = StreamClient.sse(base, token)) {
            lostSession = first.established().json().at("/data/session_id").asText();
            first.command(base, "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"public:rec-news\"}}");
            epoch = first.next().json().at("/data/epoch").asText();
            for (int n = 1; n <= 2; n++) {
                server.http().publish("public:rec-news", Map.of("n", n));
            }
            assertThat(first.next().json().path("offset").asLong()).isEqualTo(1);
            assertThat(first.next().json().path("offset").asLong()).isEqualTo(2);
        }
        // The client went away (1006): its session ends and commands for it are refused.
        await().atMost(Duration.ofSeconds(10)).until(() ->
                StreamClient.command(base, lostSession, token, "{\"type\":\"ping\"}").status() == 404);
        server.http().publish("public:rec-news", Map.of("n", 3));
        server.http().publish("public:rec-news", Map.of("n", 4));

        try (StreamClient again = StreamClient.sse(base, token)) {
            again.established();
            again.command(base, "{\"type\":\"subscribe\",\"id\":2,\"data\":{\"channel\":\"public:rec-news\","
                    + "\"recover\":{\"epoch\":\"" + epoch + "\",\"offset\":2}}}");
            StreamClient.Frame third = again.next();
            StreamClient.Frame fourth = again.next();
            assertThat(third.json().at("/data/n").asInt()).isEqualTo(3);
            assertThat(fourth.json().at("/data/n").asInt()).isEqualTo(4);
            StreamClient.Frame ack = again.next();
            assertThat(ack.type()).isEqualTo("ack");
            assertThat(ack.json().at("/data/recovered").asBoolean()).isTrue();
            assertThat(ack.json().at("/data/offset").asLong()).isEqualTo(4);
        }
    }
}
