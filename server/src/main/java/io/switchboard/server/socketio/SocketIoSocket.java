package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.channel.Subscriber;
import io.vertx.core.Future;
import io.switchboard.server.broker.StreamPosition;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One client's connection to one namespace, for an authenticated user. Its rooms are channels: it is a channel
 * {@link Subscriber}, and each publication on a channel it joined reaches the client as an EVENT named by the
 * publication's type. Thread-safe: {@link #emit} and {@link #deliver} may be called from any thread.
 */
public final class SocketIoSocket implements Subscriber {
    private final String id;
    private final String namespace;
    private final Principal principal;
    private final SioConnection connection;
    private final SocketIoServer server;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    /** For connection state recovery: the last position sent per room whose channel keeps history. On the loop. */
    private final Map<String, StreamPosition> positions = new HashMap<>();
    /** For connection state recovery: the last user event's sequence number sent. On the loop. */
    private long lastSeq;
    private volatile String pid;
    private volatile boolean closed;

    SocketIoSocket(String id, String namespace, Principal principal, SioConnection connection, SocketIoServer server) {
        this.id = id;
        this.namespace = namespace;
        this.principal = principal;
        this.connection = connection;
        this.server = server;
    }

    /** The recovery id sent in the CONNECT answer (null when recovery is off). */
    String pid() {
        return pid;
    }

    void pid(String pid) {
        this.pid = pid;
    }

    /** Continues from a recovered sequence number. On the loop. */
    void lastSeq(long seq) {
        lastSeq = Math.max(lastSeq, seq);
    }

    /** The socket id sent in the CONNECT answer ({@code socket.id} on the client). */
    public String id() {
        return id;
    }

    /** The namespace, {@code /} by default. */
    public String namespace() {
        return namespace;
    }

    /** Who is connected. */
    public Principal principal() {
        return principal;
    }

    /** The user id of the principal. */
    public String userId() {
        return principal.userId();
    }

    /** The rooms (channels) the socket is in, a live view. */
    public Set<String> rooms() {
        return rooms;
    }

    /** Sends an event with its arguments to the client. */
    public void emit(String event, JsonNode... args) {
        ArrayNode data = Json.mapper().createArrayNode().add(event);
        for (JsonNode arg : args) {
            data.add(arg);
        }
        send(SioPacket.of(SioPacket.EVENT, namespace, -1, data).encode());
    }

    /**
     * Joins a room, a channel {@code namespace:name}: authorized as the native {@code subscribe} is (the channel's
     * {@link io.switchboard.server.channel.ChannelAuthorizer}); fails with {@code forbidden}, {@code invalid_field}
     * or {@code missing_field} naming {@code field}.
     */
    public Future<Void> join(String room, String field) {
        return server.join(this, room, field);
    }

    /** Leaves a room; nothing when not in it. */
    public void leave(String room) {
        if (rooms.remove(room)) {
            server.channels().unsubscribe(room, this);
        }
        connection.execute(() -> positions.remove(room));
    }

    /** Records where a room's channel is for this socket (joined or recovered); a later position wins. On the loop. */
    void position(String room, StreamPosition at) {
        StreamPosition known = positions.get(room);
        if (known == null || !known.epoch().equals(at.epoch()) || known.offset() < at.offset()) {
            positions.put(room, at);
        }
    }

    /** Ends the socket from the server side: the client gets DISCONNECT ({@code io server disconnect}). */
    public void disconnect() {
        connection.execute(() -> connection.disconnect(this));
    }

    @Override
    public void deliver(byte[] frame) {
        EventFrames.Event event = server.frames().channelEvent(frame);
        if (event != null) {
            sendEvent(event);
        }
    }

    /** A user event frame of the inbox ({@code {"type", "seq"?, …, "data"}}), as an EVENT. */
    void deliverUserEvent(byte[] frame) {
        EventFrames.Event event = server.frames().userEvent(frame);
        if (event != null) {
            sendEvent(event);
        }
    }

    /**
     * Sends an event; with recovery on, its last argument is the offset string of everything sent so far (computed on
     * the loop, in the order the events go out, so the client's last offset is always the latest).
     */
    private void sendEvent(EventFrames.Event event) {
        if (pid == null) {
            if (!closed) {
                connection.send(server.frames().shared(event, namespace));
            }
            return;
        }
        connection.execute(() -> {
            if (event.channel() != null && event.epoch() != null && rooms.contains(event.channel())) {
                position(event.channel(), new StreamPosition(event.epoch(), event.offset()));
            }
            lastSeq = Math.max(lastSeq, event.seq());
            String args = event.args();
            send(eventPrefix() + args.substring(0, args.length() - 1) + ",\"" + offset().encode() + "\"]");
        });
    }

    /** What was sent so far, for recovery. On the loop. */
    RecoveryOffset offset() {
        Map<String, StreamPosition> all = new LinkedHashMap<>();
        for (String room : rooms) {
            all.put(room, positions.get(room));
        }
        return new RecoveryOffset(lastSeq, all);
    }

    private String eventPrefix() {
        return "/".equals(namespace) ? "2" : "2" + namespace + ",";
    }

    void send(String packet) {
        if (!closed) {
            connection.send(packet);
        }
    }

    @Override
    public Set<String> channels() {
        return rooms;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    /** Marks it ended; returns false when it was already. */
    boolean end() {
        if (closed) {
            return false;
        }
        closed = true;
        return true;
    }

    SioConnection connection() {
        return connection;
    }

    @Override
    public String toString() {
        return "SocketIoSocket{" + id + ", " + namespace + ", user=" + principal.userId() + "}";
    }
}
