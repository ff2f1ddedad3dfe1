package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.channel.Subscriber;
import io.vertx.core.Future;
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
    private volatile boolean closed;

    SocketIoSocket(String id, String namespace, Principal principal, SioConnection connection, SocketIoServer server) {
        this.id = id;
        this.namespace = namespace;
        this.principal = principal;
        this.connection = connection;
        this.server = server;
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
    }

    /** Ends the socket from the server side: the client gets DISCONNECT ({@code io server disconnect}). */
    public void disconnect() {
        connection.execute(() -> connection.disconnect(this));
    }

    @Override
    public void deliver(byte[] frame) {
        String args = server.frames().channelEventArgs(frame);
        if (args != null) {
            send(eventPrefix() + args);
        }
    }

    /** A user event frame of the inbox ({@code {"type", "seq"?, …, "data"}}), as an EVENT. */
    void deliverUserEvent(byte[] frame) {
        String args = server.frames().userEventArgs(frame);
        if (args != null) {
            send(eventPrefix() + args);
        }
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
