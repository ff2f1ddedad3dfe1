package io.switchboard.server.docs;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** A JDK WebSocket that queues the JSON frames it receives; for reading replies one at a time in a test. */
final class TextSocket implements WebSocket.Listener, AutoCloseable {
    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private TextSocket(URI uri, UnaryOperator<WebSocket.Builder> configure) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        this.socket = configure.apply(builder).buildAsync(uri, this).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Connects to {@code uri}; {@code configure} adds headers or sub-protocols. */
    static TextSocket open(URI uri, UnaryOperator<WebSocket.Builder> configure) {
        return new TextSocket(uri, configure);
    }

    /** The sub-protocol the server selected ("" for none). */
    String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Sends one JSON text frame. */
    void send(JsonNode message) {
        socket.sendText(Json.write(message), true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** The next frame received; fails after five seconds without one. */
    JsonNode next() throws InterruptedException {
        JsonNode frame = frames.poll(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new AssertionError("no frame within 5 s");
        }
        return frame;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(Json.parse(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
