package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client from another ecosystem: io.socket's Java client (Maven Central, the one Android apps use), over the
 * default transports and WebSocket alone. It connects with {@code auth: {token}}, gets acks and room publications,
 * and a bad token's {@code connect_error} message.
 */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketIoJavaClientTest {

    @Test
    void the_java_client_connects_joins_a_room_and_receives_a_publication_over_either_transport(TestServer server) throws Exception {
        for (List<String> transports : List.of(List.of("polling", "websocket"), List.of("websocket"))) {
            IO.Options options = IO.Options.builder().setAuth(Map.of("token", server.token("java")))
                    .setTransports(transports.toArray(String[]::new)).setReconnection(false).build();
            Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()), options);
            CompletableFuture<Void> connected = new CompletableFuture<>();
            LinkedBlockingQueue<Object[]> messages = new LinkedBlockingQueue<>();
            socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
            socket.on("message", messages::add);
            socket.connect();
            try {
                connected.get(15, TimeUnit.SECONDS);
                CompletableFuture<Object[]> ack = new CompletableFuture<>();
                socket.emit("join", new Object[] {"public:java"}, (Ack) ack::complete);
                assertThat(ack.get(15, TimeUnit.SECONDS)).as("join over %s", transports).isEmpty();

                assertThat(server.http().publish("public:java", Map.of("over", transports.toString())).status()).isEqualTo(202);
                Object[] message = messages.poll(15, TimeUnit.SECONDS);
                assertThat(message).as("a publication over %s", transports).isNotNull();
                assertThat(((JSONObject) message[0]).getString("over")).isEqualTo(transports.toString());
                assertThat(((JSONObject) message[1]).getString("channel")).isEqualTo("public:java");
            } finally {
                socket.disconnect();
            }
        }
    }

    @Test
    void a_bad_token_gets_connect_error_with_the_reason(TestServer server) throws Exception {
        Socket socket = IO.socket(URI.create("http://127.0.0.1:" + server.port()),
                IO.Options.builder().setAuth(Map.of("token", "not-a-jwt")).setReconnection(false).build());
        CompletableFuture<Object> refused = new CompletableFuture<>();
        socket.on(Socket.EVENT_CONNECT_ERROR, args -> refused.complete(args[0]));
        socket.connect();
        try {
            assertThat(((JSONObject) refused.get(15, TimeUnit.SECONDS)).getString("message")).isEqualTo("token is not a signed JWT");
        } finally {
            socket.disconnect();
        }
    }
}
