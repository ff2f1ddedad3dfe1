package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.MsgPack;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One WebSocket connection to a test server, on the JDK's {@link java.net.http.WebSocket}. Incoming frames
 * wait in a bounded inbox until a test reads them; every wait has a timeout and fails with an
 * {@link AssertionError} that says what was expected and what was there instead. Thread-safe.
 */
public final class TestClient implements AutoCloseable {
    /** How long waits last unless {@link #timeout(Duration)} says otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final WebSocket socket;
    private final FrameInbox inbox;
    private final AtomicLong nextId = new AtomicLong();
    private final Object sendLock = new Object();
    private volatile Duration timeout = DEFAULT_TIMEOUT;
    private volatile JsonNode established;

    TestClient(WebSocket socket, FrameInbox inbox) {
        this.socket = socket;
        this.inbox = inbox;
    }

    /** Sets how long each wait of this client lasts; returns this client. */
    public TestClient timeout(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout);
        return this;
    }

    /** The sub-protocol the server selected, or the empty string when it selected none. */
    public String subprotocol() {
        return socket.getSubprotocol();
    }

    /** Waits for {@code connection_established} (once; later calls return the same frame). */
    public JsonNode awaitEstablished() {
        if (established == null) {
            established = awaitPush(MessageTypes.CONNECTION_ESTABLISHED);
        }
        return established;
    }

    /** The session id from {@code connection_established}, waiting for it if needed. */
    public String sessionId() {
        return awaitEstablished().path("data").path("session_id").asText(null);
    }

    /** The user id from {@code connection_established}, waiting for it if needed. */
    public String userId() {
        return awaitEstablished().path("data").path("user_id").asText(null);
    }

    /** Sends one text frame exactly as given. */
    public void send(String rawText) {
        sendFrame(() -> socket.sendText(rawText, true), "send a text frame");
    }

    /**
     * Sends one text frame unless the server has closed the connection, even while this call runs; returns
     * whether it was sent. For tests that flood the server until it gives up.
     */
    public boolean sendUnlessClosed(String rawText) {
        if (!isOpen()) {
            return false;
        }
        try {
            send(rawText);
            return true;
        } catch (AssertionError e) {
            if (inbox.closeStatus() != null || socket.isOutputClosed()) {
                return false;
            }
            throw e;
        }
    }

    /** Sends one text message split into frames: the first part, continuation frames, the last marked final. */
    public void sendFragmented(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a message needs at least one part");
        }
        synchronized (sendLock) {
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                String part = parts[i];
                sendFrame(() -> socket.sendText(part, last), "send a text fragment");
            }
        }
    }

    /** Sends one binary frame. */
    public void sendBinary(byte[] bytes) {
        sendFrame(() -> socket.sendBinary(ByteBuffer.wrap(bytes), true), "send a binary frame");
    }

    /** Whether the server selected the binary protocol: envelopes then go as MessagePack binary frames. */
    public boolean binaryProtocol() {
        return ConnectOptions.MSGPACK_SUBPROTOCOL.equals(socket.getSubprotocol());
    }

    /** Sends an envelope in the socket's protocol: JSON text, or MessagePack on a socket of the binary protocol. */
    public void sendEnvelope(JsonNode envelope) {
        if (binaryProtocol()) {
            sendBinary(MsgPack.write(envelope));
        } else {
            send(Json.write(envelope));
        }
    }

    /** Sends {@code {"type": type, "data": data}} without an id, so the server sends no ack. */
    public void send(String type, Object data) {
        sendEnvelope(envelope(type, null, data));
    }

    /** Sends {@code {"type", "id", "data"}} with a fresh id and waits for the {@code ack} or {@code error} with that id. */
    public Reply request(String type, Object data) {
        String id = "t" + nextId.incrementAndGet();
        sendEnvelope(envelope(type, id, data));
        return awaitReply(id);
    }

    /** Waits for the {@code ack} or {@code error} that answers the request with this id. */
    public Reply awaitReply(String id) {
        JsonNode frame = inbox.take(f -> isReply(f) && id.equals(f.path("id").asText(null)),
                timeout, "an ack or error for request id " + id);
        return new Reply(frame);
    }

    /** Waits for the first unread {@code error} frame, whatever its id (errors for frames without one have none). */
    public Reply awaitError() {
        return new Reply(inbox.take(f -> MessageTypes.ERROR.equals(typeOf(f)), timeout, "an error frame"));
    }

    /** Subscribes and fails unless the server acks. */
    public void subscribe(String channel) {
        request(MessageTypes.SUBSCRIBE, Json.object().put("channel", channel)).assertAck();
    }

    /** Unsubscribes and fails unless the server acks. */
    public void unsubscribe(String channel) {
        request(MessageTypes.UNSUBSCRIBE, Json.object().put("channel", channel)).assertAck();
    }

    /** Publishes {@code data} to a channel and fails unless the server acks. */
    public void publish(String channel, Object data) {
        ObjectNode body = Json.object().put("channel", channel);
        body.set("data", toJson(data));
        request(MessageTypes.PUBLISH, body).assertAck();
    }

    /** Sends a {@code ping} and waits for its {@code pong}: proof that the connection still works. */
    public JsonNode ping() {
        String id = "p" + nextId.incrementAndGet();
        sendEnvelope(envelope(MessageTypes.PING, id, null));
        return inbox.take(f -> MessageTypes.PONG.equals(typeOf(f)) && id.equals(f.path("id").asText(null)),
                timeout, "a pong for ping id " + id);
    }

    /** Waits for the first unread frame of a type (other frames stay unread). */
    public JsonNode awaitPush(String type) {
        return awaitPush(type, timeout);
    }

    /** Waits up to {@code wait} for the first unread frame of a type. */
    public JsonNode awaitPush(String type, Duration wait) {
        return inbox.take(f -> type.equals(typeOf(f)), wait, "a '" + type + "' frame");
    }

    /** Waits for the first unread {@code message} frame of a channel, and returns the whole frame. */
    public JsonNode awaitMessage(String channel) {
        return awaitMessage(channel, timeout);
    }

    /** Waits up to {@code wait} for the first unread {@code message} frame of a channel. */
    public JsonNode awaitMessage(String channel, Duration wait) {
        return inbox.take(f -> MessageTypes.MESSAGE.equals(typeOf(f)) && channel.equals(f.path("channel").asText(null)),
                wait, "a message on " + channel);
    }

    /**
     * Waits for the first unread user event (a frame with a {@code seq}, as pushed on {@code /ws/user/<id>}) and
     * returns the whole frame {@code {"type", "seq", "data"}}.
     */
    public JsonNode awaitEvent() {
        return inbox.take(f -> f.has("seq") && !isReply(f), timeout, "a user event (a frame with seq)");
    }

    /** Waits for the next {@code count} user events and returns their sequence numbers in arrival order. */
    public java.util.List<Long> awaitEvents(int count) {
        java.util.List<Long> seqs = new java.util.ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            seqs.add(awaitEvent().path("seq").asLong());
        }
        return seqs;
    }

    /** Acks every user event up to {@code seq} ({@code {"type":"ack","id":…,"seq":N}}) and waits for the answer. */
    public Reply ackEvents(long seq) {
        String id = "a" + nextId.incrementAndGet();
        ObjectNode ack = Json.object();
        ack.put("type", MessageTypes.ACK);
        ack.put("id", id);
        ack.put("seq", seq);
        sendEnvelope(ack);
        return awaitReply(id);
    }

    /** Fails if any frame is unread now or arrives within {@code window}. */
    public void assertNoPush(Duration window) {
        inbox.assertNothing(window, "frame");
    }

    /** Waits for the server to close the connection, skipping unread frames; returns the code and reason. */
    public CloseStatus awaitClose() {
        return awaitClose(timeout);
    }

    /** Waits up to {@code wait} for the server to close the connection, skipping unread frames. */
    public CloseStatus awaitClose(Duration wait) {
        return inbox.awaitClose(wait);
    }

    /** Whether the connection is still open as far as this client knows. */
    public boolean isOpen() {
        return inbox.closeStatus() == null && !socket.isInputClosed();
    }

    /**
     * Stops reading: no more frames are taken from the network (at most one already requested still arrives),
     * so the server's writes back up, as with a slow phone on a bad network.
     */
    public void pauseReading() {
        inbox.pause();
    }

    /** Reads again after {@link #pauseReading()}. */
    public void resumeReading() {
        inbox.resume();
    }

    /** Closes with 1000, waits briefly for the server's answer, then drops the connection. */
    @Override
    public void close() {
        inbox.discardAll();
        if (!socket.isOutputClosed()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
                if (inbox.closeStatus() == null) {
                    inbox.awaitClose(Duration.ofSeconds(2));
                }
            } catch (Exception | AssertionError e) {
                // The connection is going away either way; abort below.
            }
        }
        socket.abort();
    }

    /** Drops the connection at once, without a close frame. */
    void abort() {
        socket.abort();
    }

    // The JDK allows one outstanding send per socket: sends are serialised, each waiting for the previous one.
    private void sendFrame(Supplier<CompletableFuture<WebSocket>> sending, String what) {
        synchronized (sendLock) {
            complete(sending, what);
        }
    }

    private void complete(Supplier<CompletableFuture<WebSocket>> sending, String what) {
        try {
            sending.get().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while trying to " + what, e);
        } catch (Exception e) {
            CloseStatus close = inbox.closeStatus();
            throw new AssertionError("could not " + what + (close == null ? "" : " (connection closed: " + close + ")")
                    + ": " + e, e);
        }
    }

    private static ObjectNode envelope(String type, String id, Object data) {
        ObjectNode out = Json.object();
        out.put("type", type);
        if (id != null) {
            out.put("id", id);
        }
        if (data != null) {
            out.set("data", toJson(data));
        }
        return out;
    }

    private static JsonNode toJson(Object data) {
        if (data == null) {
            return NullNode.getInstance();
        }
        return data instanceof JsonNode node ? node : Json.mapper().valueToTree(data);
    }

    private static boolean isReply(JsonNode f) {
        String type = typeOf(f);
        return MessageTypes.ACK.equals(type) || MessageTypes.ERROR.equals(type);
    }

    private static String typeOf(JsonNode f) {
        return f.path("type").asText(null);
    }
}
