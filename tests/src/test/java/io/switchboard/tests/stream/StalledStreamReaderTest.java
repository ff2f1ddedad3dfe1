package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A stream whose reader stopped reading is closed by the outbound limits like a stalled WebSocket: its backlog stays
 * bounded, and the other subscribers of the channel keep receiving.
 */
@SwitchboardTest(settings = {"outbound-connection-bytes=64k", "rate-limit-per-second=100000", "rate-limit-burst=100000"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StalledStreamReaderTest {

    @Test
    void a_stream_nobody_reads_is_closed_as_a_slow_consumer_and_the_channel_goes_on(TestServer server) throws Exception {
        try (Socket raw = new Socket("127.0.0.1", server.port())) {
            // A tiny receive buffer, and then nothing read: the server's writes back up at once.
            raw.setReceiveBufferSize(4096);
            OutputStream out = raw.getOutputStream();
            out.write(("GET /connection/sse?token=" + server.token("stall-alice") + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            byte[] head = new byte[512];
            String start = new String(head, 0, in.read(head), StandardCharsets.US_ASCII);
            assertThat(start).startsWith("HTTP/1.1 200");
            String session = null;
            // The session id, to subscribe the stalled stream by command.
            StringBuilder seen = new StringBuilder(start);
            while (session == null) {
                int i = seen.indexOf("\"session_id\":\"");
                int end = i < 0 ? -1 : seen.indexOf("\"", i + 14);
                if (end > 0) {
                    session = seen.substring(i + 14, end);
                } else {
                    seen.append(new String(head, 0, in.read(head), StandardCharsets.US_ASCII));
                }
            }
            assertThat(StreamClient.command(server.httpUri(), session, server.token("stall-alice"),
                    "{\"type\":\"subscribe\",\"data\":{\"channel\":\"public:stall\"}}").status()).isEqualTo(202);

            String pad = "x".repeat(4_000);
            String stalled = session;
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    server.http().publish("public:stall", Map.of("pad", pad));
                }
                return StreamClient.command(server.httpUri(), stalled, server.token("stall-alice"),
                        "{\"type\":\"ping\"}").status() == 404;
            });
            assertThat(server.metric("switchboard_slow_consumer_closes_total{reason=\"connection_bytes\"}")
                    + server.metric("switchboard_slow_consumer_closes_total{reason=\"connection_frames\"}")).isPositive();
            // The channel goes on for subscribers that read.
            try (TestClient reader = server.client("stall-reader")) {
                reader.subscribe("public:stall");
                server.http().publish("public:stall", Map.of("last", true));
                assertThat(reader.awaitMessage("public:stall").at("/data/last").asBoolean()).isTrue();
            }
        }
    }
}
