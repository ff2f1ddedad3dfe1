package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Engine.IO's WebSocket transport is served on the node's own Netty handler; the rare upgrade Vert.x reads instead
 * (here a WebSocket version 8 client) gets the same endpoint: a session of its own, the upgrade of a polling session
 * with the probe, and the close for a message over {@code maxHttpBufferSize}.
 */
@SwitchboardTest(settings = "socketio-max-http-buffer-size=4k")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoUpgradeReadByVertxTest {
    private static final int DRAFT_VERSION = 8;

    @Test
    void a_version_8_websocket_opens_a_session_connects_and_joins_a_room(TestServer server) throws Exception {
        try (RawWebSocket ws = open(server, "")) {
            assertThat(ws.nextFrame().text()).startsWith("0{\"sid\":").contains("\"upgrades\":[]");
            ws.sendText("40{\"token\":\"" + server.token("draft-ws") + "\"}");
            assertThat(ws.nextFrame().text()).startsWith("40{\"sid\":");
            ws.sendText("421[\"join\",\"public:draft\"]");
            assertThat(ws.nextFrame().text()).isEqualTo("431[]");
        }
    }

    @Test
    void a_version_8_websocket_takes_a_polling_session_over_with_the_probe(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String sid = polling.open().get("sid").asText();
        assertThat(polling.send(sid, "40{\"token\":\"" + server.token("draft-upgrade") + "\"}").body()).isEqualTo("ok");
        assertThat(polling.poll(sid).body()).startsWith("40{\"sid\":");
        try (RawWebSocket ws = open(server, "&sid=" + sid)) {
            ws.sendText("2probe");
            assertThat(ws.nextFrame().text()).isEqualTo("3probe");
            ws.sendText("5");
            ws.sendText("421[\"join\",\"public:draft\"]");
            assertThat(ws.nextFrame().text()).isEqualTo("431[]");
            assertThat(polling.poll(sid).statusCode()).isEqualTo(400);
        }
    }

    @Test
    void a_version_8_message_over_max_http_buffer_size_closes_with_1009(TestServer server) throws Exception {
        try (RawWebSocket ws = open(server, "")) {
            assertThat(ws.nextFrame().text()).startsWith("0{");
            ws.sendText("42[\"say\",\"" + "x".repeat(5000) + "\"]");
            RawWebSocket.Frame close = ws.readUntilClose();
            assertThat(close.closeCode()).isEqualTo(1009);
            assertThat(close.text()).endsWith("message larger than maxHttpBufferSize (4096 bytes)");
        }
    }

    private static RawWebSocket open(TestServer server, String query) throws IOException {
        return RawWebSocket.openVersion(server.port(), "/socket.io/?EIO=4&transport=websocket" + query,
                Duration.ofSeconds(10), "", DRAFT_VERSION);
    }
}
