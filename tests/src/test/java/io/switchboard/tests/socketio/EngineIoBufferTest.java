package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What waits for a client is bounded: one that joined a busy room and stopped polling is closed once its waiting
 * packets pass {@code socketio-max-buffered-bytes}, and a client that keeps polling gets everything; a WebSocket
 * client that stopped reading is closed with 4100 once what waits for it in the node passes the same bound.
 */
@SwitchboardTest(settings = "socketio-max-buffered-bytes=64k")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoBufferTest {

    @Test
    void a_polling_client_that_stops_polling_is_closed_when_its_packets_pass_the_bound(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String stalled = joined(polling, server, "stalled");
        String reading = joined(polling, server, "reading");
        String text = "x".repeat(2000);
        int received = 0;
        for (int i = 0; i < 60; i++) {
            assertThat(server.http().publish("public:busy", Map.of("n", i, "text", text)).status()).isEqualTo(202);
            // The reader polls as it goes; the stalled one never does.
            String body = polling.poll(reading).body();
            received += body.split("42\\[\"message\"", -1).length - 1;
        }
        while (received < 60) {
            received += polling.poll(reading).body().split("42\\[\"message\"", -1).length - 1;
        }
        await().until(() -> polling.send(stalled, "6").statusCode() == 400);
        assertThat(polling.send(reading, "6").body()).isEqualTo("ok");
    }

    @Test
    void a_websocket_client_that_stops_reading_is_closed_with_4100(TestServer server) throws Exception {
        try (StalledSocketIo stalled = StalledSocketIo.join(server.port(), server.token("stalled"), "public:busy")) {
            String text = "x".repeat(32 * 1024);
            // Enough to fill the kernel's buffers on both sides and then the node's bound; the server may refuse
            // publications once its budget is reached, which is fine: the stalled socket is what is looked at.
            for (int i = 0; i < 400; i++) {
                server.http().publish("public:busy", Map.of("n", i, "text", text));
            }
            assertThat(stalled.readToClose()).isEqualTo(4100);
        }
    }

    /** A polling session connected to {@code /} as {@code user} and in the room {@code public:busy}; returns its sid. */
    private static String joined(EngineIoPolling polling, TestServer server, String user) throws Exception {
        String sid = polling.open().get("sid").asText();
        assertThat(polling.send(sid, "40{\"token\":\"" + server.token(user) + "\"}").body()).isEqualTo("ok");
        assertThat(polling.poll(sid).body()).startsWith("40{\"sid\":");
        assertThat(polling.send(sid, "421[\"join\",\"public:busy\"]").body()).isEqualTo("ok");
        assertThat(polling.poll(sid).body()).isEqualTo("431[]");
        return sid;
    }
}
