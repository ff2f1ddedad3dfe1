package io.switchboard.tests.serverapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server API reaches a user's Socket.IO sockets too (io.socket's Java client): they are listed among the user's
 * connections and in presence, unsubscribed with an {@code unsubscribed} event, and disconnected as by the server.
 */
@SwitchboardTest(settings = "api-key=server-api-sio-key-0123456789")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerApiSocketIoTest {
    @Test
    void a_socketio_socket_is_listed_unsubscribed_and_disconnected(TestServer server) throws Exception {
        ServerApiCalls api = new ServerApiCalls(server.http(), server.apiKey());
        IO.Options options = IO.Options.builder().setAuth(Map.of("token", server.token("sio-user")))
                .setTransports(new String[] {"websocket"}).setReconnection(false).build();
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        CompletableFuture<Object[]> unsubscribed = new CompletableFuture<>();
        CompletableFuture<Object[]> disconnected = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
        socket.on("unsubscribed", unsubscribed::complete);
        socket.on(Socket.EVENT_DISCONNECT, disconnected::complete);
        socket.connect();
        try {
            connected.get(15, TimeUnit.SECONDS);
            CompletableFuture<Object[]> joined = new CompletableFuture<>();
            socket.emit("join", new Object[] {"public:sio-room"}, (Ack) joined::complete);
            joined.get(15, TimeUnit.SECONDS);

            JsonNode connections = api.result("user_connections", Map.of("user", "sio-user")).path("connections");
            assertThat(connections).hasSize(1);
            assertThat(connections.at("/0/transport").asText()).isEqualTo("socketio");
            assertThat(connections.at("/0/session_id").asText()).isEqualTo(socket.id());
            assertThat(connections.at("/0/channels").toString()).isEqualTo("[\"public:sio-room\"]");
            JsonNode clients = api.result("presence", Map.of("channel", "public:sio-room")).path("clients");
            assertThat(clients.at("/0/user_id").asText()).isEqualTo("sio-user");

            JsonNode result = api.result("unsubscribe", Map.of("user", "sio-user", "channel", "public:sio-room"));
            assertThat(result.path("sessions").asInt()).isEqualTo(1);
            JSONObject event = (JSONObject) unsubscribed.get(15, TimeUnit.SECONDS)[0];
            assertThat(event.getString("channel")).isEqualTo("public:sio-room");
            assertThat(event.getJSONObject("data").getString("code")).isEqualTo("unsubscribed_by_server");
            assertThat(api.result("presence", Map.of("channel", "public:sio-room")).path("clients")).isEmpty();

            assertThat(api.result("disconnect", Map.of("user", "sio-user")).path("sessions").asInt()).isEqualTo(1);
            assertThat(List.of(disconnected.get(15, TimeUnit.SECONDS))).contains("io server disconnect");
        } finally {
            socket.disconnect();
        }
    }
}
