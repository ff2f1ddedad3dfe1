package io.switchboard.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A client written the way the seeds write theirs, on the JDK's WebSocket and nothing of ours: every text message
 * is parsed as JSON and handed to the handlers registered for its {@code type} (the seed's handler registry);
 * frames of a type nobody handles are kept but otherwise ignored. It never sends anything it is not told to: no
 * ack, no ping.
 */
public final class SeedSocket implements AutoCloseable {
    private final WebSocket socket;
    private final List<JsonNode> frames = new CopyOnWriteArrayList<>();
    private final Map<String, List<Consumer<JsonNode>>> handlers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private SeedSocket(URI uri, Map<String, Consumer<JsonNode>> initial) {
        // The seed's registry holds its default handlers before the socket opens: frames replayed right after
        // connection_established must find them.
        initial.forEach(this::on);
        StringBuilder partial = new StringBuilder();
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            JsonNode frame = Json.parse(partial.toString());
                            partial.setLength(0);
                            frames.add(frame);
                            handlers.getOrDefault(frame.path("type").asText(), List.of()).forEach(h -> h.accept(frame));
                        }
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed = true;
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed = true;
                    }
                }).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Opens {@code ws://127.0.0.1:port<pathAndQuery>}. */
    public static SeedSocket open(int port, String pathAndQuery) {
        return open(port, pathAndQuery, Map.of());
    }

    /** Opens {@code ws://127.0.0.1:port<pathAndQuery>} with {@code handlers} registered before the first frame. */
    public static SeedSocket open(int port, String pathAndQuery, Map<String, Consumer<JsonNode>> handlers) {
        return new SeedSocket(URI.create("ws://127.0.0.1:" + port + pathAndQuery), handlers);
    }

    /** Registers a handler for a type (call before the frames of that type come). */
    public SeedSocket on(String type, Consumer<JsonNode> handler) {
        handlers.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(handler);
        return this;
    }

    /** Every frame received so far, in order. */
    public List<JsonNode> frames() {
        return new ArrayList<>(frames);
    }

    /** The frames of one type received so far, in order. */
    public List<JsonNode> frames(String type) {
        return frames.stream().filter(f -> type.equals(f.path("type").asText())).toList();
    }

    /** Sends one text message. */
    public void send(JsonNode message) {
        socket.sendText(Json.write(message), true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Whether the server closed the socket or it failed. */
    public boolean isClosed() {
        return closed;
    }

    /** Drops the connection without a closing handshake, as a phone that loses its network or a crashed tab. */
    public void abort() {
        socket.abort();
    }

    /** Closes normally (1000). */
    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
        }
        socket.abort();
    }
}
