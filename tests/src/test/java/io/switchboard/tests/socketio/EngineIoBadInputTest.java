package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bad input on {@code /socket.io/}: each request gets the Engine.IO error JSON with its status, a connection that
 * breaks the protocol is closed with the reason, and the server keeps serving the next client.
 */
@SwitchboardTest(settings = "socketio-max-http-buffer-size=4k")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineIoBadInputTest {

    @Test
    void an_unknown_session_id_gets_400_with_the_engine_io_error(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        for (HttpResponse<String> r : List.of(polling.poll("nope"), polling.send("nope", "40"))) {
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(Json.parse(r.body())).isEqualTo(Json.parse("{\"code\":1,\"message\":\"Session ID unknown\"}"));
        }
    }

    @Test
    void a_request_without_eio_4_or_with_an_unknown_transport_is_refused_with_its_code(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        HttpResponse<String> v3 = polling.get("?EIO=3&transport=polling");
        assertThat(v3.statusCode()).isEqualTo(400);
        assertThat(Json.parse(v3.body()).get("code").asInt()).isEqualTo(5);
        assertThat(Json.parse(v3.body()).get("message").asText()).startsWith("Unsupported protocol version");
        HttpResponse<String> carrier = polling.get("?EIO=4&transport=pigeon");
        assertThat(carrier.statusCode()).isEqualTo(400);
        assertThat(Json.parse(carrier.body()).get("code").asInt()).isZero();
        HttpResponse<String> postHandshake = polling.post("?EIO=4&transport=polling", "40");
        assertThat(postHandshake.statusCode()).isEqualTo(400);
        assertThat(Json.parse(postHandshake.body()).get("code").asInt()).isEqualTo(2);
    }

    @Test
    void the_open_packet_offers_the_upgrade_and_the_heartbeat_and_the_limit(TestServer server) throws Exception {
        JsonNode open = new EngineIoPolling(server.port()).open();
        assertThat(open.get("sid").asText()).isNotBlank();
        assertThat(open.get("upgrades")).containsExactly(Json.mapper().getNodeFactory().textNode("websocket"));
        assertThat(open.get("pingInterval").asInt()).isEqualTo(25_000);
        assertThat(open.get("pingTimeout").asInt()).isEqualTo(20_000);
        assertThat(open.get("maxPayload").asInt()).isEqualTo(4096);
    }

    @Test
    void an_oversized_polling_body_gets_413_and_ends_the_session(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String sid = polling.open().get("sid").asText();
        HttpResponse<String> tooBig = polling.send(sid, "42[\"say\",\"" + "x".repeat(5000) + "\"]");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(Json.parse(tooBig.body()).get("message").asText()).contains("maxHttpBufferSize (4096 bytes)");
        assertThat(polling.send(sid, "40").statusCode()).isEqualTo(400);
        assertThat(polling.open().get("sid").asText()).isNotEqualTo(sid);
    }

    @Test
    void malformed_packets_end_the_session_with_a_reason_and_the_server_keeps_serving(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String[] bad = {"9", "4x", "42[1,2]", "42{\"not\":\"an array\"}", "40[not json", "4" + "4{\"message\":\"no\"}", "b!!!", "5"};
        for (String payload : bad) {
            String sid = polling.open().get("sid").asText();
            HttpResponse<String> r = polling.send(sid, payload);
            assertThat(r.statusCode()).as("POST %s", payload).isEqualTo(400);
            JsonNode error = Json.parse(r.body());
            assertThat(error.get("code").asInt()).isEqualTo(3);
            assertThat(error.get("message").asText()).as("POST %s", payload).startsWith("Bad request: ");
            assertThat(polling.send(sid, "6").statusCode()).as("the session after %s", payload).isEqualTo(400);
        }
        String sid = polling.open().get("sid").asText();
        assertThat(polling.send(sid, "40{\"token\":\"" + server.token("alice") + "\"}").body()).isEqualTo("ok");
        assertThat(polling.poll(sid).body()).startsWith("40{\"sid\":");
    }

    @Test
    void a_second_poll_while_one_waits_is_refused_and_ends_the_session(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String sid = polling.open().get("sid").asText();
        // The first poll waits for a packet (the next ping is 25 s away); the second, whichever it is, is a broken client.
        List<CompletableFuture<HttpResponse<String>>> polls = List.of(pollAsync(polling, sid), pollAsync(polling, sid));
        List<String> answers = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> poll : polls) {
            HttpResponse<String> r = poll.get(20, TimeUnit.SECONDS);
            answers.add(r.statusCode() + " " + r.body());
        }
        assertThat(answers).containsExactlyInAnyOrder("200 1",
                "400 {\"code\":3,\"message\":\"Bad request: overlapping polling request\"}");
        assertThat(polling.send(sid, "6").statusCode()).isEqualTo(400);
    }

    @Test
    void a_close_packet_from_the_client_ends_the_session_and_its_pending_poll_with_a_noop(TestServer server) throws Exception {
        EngineIoPolling polling = new EngineIoPolling(server.port());
        String sid = polling.open().get("sid").asText();
        CompletableFuture<HttpResponse<String>> pending = pollAsync(polling, sid);
        // The close may come before the poll reaches the server: then the poll finds the session closing (a close
        // packet) or gone (unknown sid). Either way nothing waits.
        assertThat(polling.send(sid, "1").body()).isEqualTo("ok");
        HttpResponse<String> ended = pending.get(20, TimeUnit.SECONDS);
        assertThat(ended.statusCode() + " " + ended.body()).isIn("200 6", "200 1", "400 {\"code\":1,\"message\":\"Session ID unknown\"}");
        assertThat(polling.send(sid, "6").statusCode()).isEqualTo(400);
    }

    private static CompletableFuture<HttpResponse<String>> pollAsync(EngineIoPolling polling, String sid) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return polling.poll(sid);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void a_malformed_packet_on_the_websocket_closes_it_with_1002_and_the_reason(TestServer server) throws Exception {
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocket ws = engineSocket(server, events);
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("text 0{\"sid\":").contains("\"upgrades\":[]");
        ws.sendText("42[\"no name\"", true);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1002 the packet's data is not JSON");
    }

    @Test
    void a_websocket_message_over_max_http_buffer_size_closes_with_1009(TestServer server) throws Exception {
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        WebSocket ws = engineSocket(server, events);
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("text 0{");
        ws.sendText("42[\"say\",\"" + "x".repeat(5000) + "\"]", true);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("close 1009 message larger than maxHttpBufferSize (4096 bytes)");
    }

    @Test
    void a_frame_over_the_nodes_websocket_limit_closes_with_1009_before_its_bytes_arrive(TestServer server) throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(server.port(), "/socket.io/?EIO=4&transport=websocket", Duration.ofSeconds(10))) {
            assertThat(ws.nextFrame().text()).startsWith("0{");
            // Only the header of a masked 64 MB text frame (FIN and text, a 64-bit length, the mask key): the node
            // refuses it on its length, far past any frame limit.
            byte[] header = {(byte) 0x81, (byte) (0x80 | 127), 0, 0, 0, 0, 0x04, 0, 0, 0, 1, 2, 3, 4};
            ws.write(header);
            assertThat(ws.readUntilClose().closeCode()).isEqualTo(1009);
        }
    }

    /** An Engine.IO WebSocket straight to the server; each text frame and the close go to {@code events}, in order. */
    private static WebSocket engineSocket(TestServer server, LinkedBlockingQueue<String> events) throws Exception {
        return HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        events.add("text " + data);
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        events.add("close " + statusCode + " " + reason);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
    }
}
