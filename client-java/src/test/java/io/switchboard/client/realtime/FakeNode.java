package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A stand-in for a node on {@code /ws}, for the commands the real server does not have yet (see
 * {@link FakeServerUntilMerged}): every socket gets {@code connection_established}, then each request is answered by
 * the test's script (the request, the socket) → the frames to send back, as JSON text.
 */
final class FakeNode implements AutoCloseable {
    final MockWebServer server = new MockWebServer();
    final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<WebSocket> sockets = new CopyOnWriteArrayList<>();

    FakeNode(BiFunction<JsonNode, WebSocket, List<String>> script) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse().withWebSocketUpgrade(new WebSocketListener() {
                    @Override
                    public void onOpen(WebSocket socket, Response response) {
                        sockets.add(socket);
                        socket.send("{\"type\":\"connection_established\",\"data\":{\"session_id\":\"s" + sockets.size()
                                + "\",\"user_id\":\"alice\"}}");
                    }

                    @Override
                    public void onMessage(WebSocket socket, String text) {
                        JsonNode frame = Json.parse(text);
                        received.add(frame);
                        for (String reply : script.apply(frame, socket)) {
                            socket.send(reply);
                        }
                    }

                    @Override
                    public void onClosing(WebSocket socket, int code, String reason) {
                        socket.close(1000, null);
                    }
                });
            }
        });
        try {
            server.start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return server.url("/").toString();
    }

    /** The requests of this type received so far. */
    List<JsonNode> requests(String type) {
        return received.stream().filter(f -> type.equals(f.path("type").asText())).collect(java.util.stream.Collectors.toList());
    }

    /** {@code {"type":"ack","id":<the request's id>,"data":data}}. */
    static String ack(JsonNode request, JsonNode data) {
        ObjectNode ack = Json.object().put("type", "ack");
        ack.set("id", request.get("id"));
        if (data != null) {
            ack.set("data", data);
        }
        return Json.write(ack);
    }

    /** An {@code error} answering the request. */
    static String error(JsonNode request, Object code, String message, boolean temporary) {
        ObjectNode error = Json.object().put("type", "error");
        error.set("id", request.get("id"));
        ObjectNode e = error.putObject("error");
        e.set("code", Json.mapper().valueToTree(code));
        e.put("message", message).put("temporary", temporary);
        return Json.write(error);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
        } catch (IOException e) {
            // the test is over
        }
    }
}
