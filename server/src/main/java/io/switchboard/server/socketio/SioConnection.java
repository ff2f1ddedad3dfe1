package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Principal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Socket.IO v5 layer of one Engine.IO session: CONNECT to a namespace with {@code auth: {token}} (answered with
 * the socket id, or CONNECT_ERROR {@code {"message"}}), EVENTs dispatched to the server's handlers with their ACK,
 * DISCONNECT. Binary packets are refused with an error (their attachments are read and dropped). A packet that is
 * not Socket.IO ends the whole connection. On the session's event loop.
 */
final class SioConnection implements EngineListener {
    private final EngineSession engine;
    private final SocketIoServer server;
    private final Map<String, SocketIoSocket> sockets = new HashMap<>();
    /** How long a connection may stay without connecting to a namespace (the reference server's default). */
    static final long CONNECT_TIMEOUT_MILLIS = 45_000;

    private int attachmentsToDrop;
    private boolean closed;
    private boolean connectedOnce;

    SioConnection(EngineSession engine, SocketIoServer server) {
        this.engine = engine;
        this.server = server;
        // As the reference server's connectTimeout: a connection that joins no namespace holds a session slot for nothing.
        engine.vertx().setTimer(CONNECT_TIMEOUT_MILLIS, t -> execute(() -> {
            if (!closed && !connectedOnce) {
                engine.close("connect timeout");
            }
        }));
    }

    /** Runs on the connection's event loop. */
    void execute(Runnable task) {
        engine.execute(task);
    }

    /** Packets not yet taken by the network. */
    int pending() {
        return engine.pending();
    }

    /** Sends a Socket.IO packet's text; from any thread. */
    void send(String packet) {
        WebSocketOut direct = direct();
        if (direct != null) {
            direct.send(EnginePacket.MESSAGE + packet);
            return;
        }
        engine.execute(() -> engine.sendMessage(packet));
    }

    /**
     * The WebSocket to write to from the caller's thread, in the order of the calls, or null to go through the loop.
     * Only without recovery: with it, an event's offset is computed on the loop, so every packet goes there to keep
     * its place among them.
     */
    private WebSocketOut direct() {
        return server.recovery() ? null : engine.directOut();
    }

    /** Sends an EVENT encoded once for many sockets ({@link EventFrames#shared}); from any thread. Releases its frame. */
    void send(EventFrames.Shared shared) {
        WebSocketOut direct = direct();
        if (direct != null) {
            try {
                direct.send(shared.frame(), shared.cost());
            } finally {
                shared.frame().release();
            }
            return;
        }
        engine.execute(() -> {
            try {
                engine.sendShared(shared.packet(), shared.frame(), shared.cost());
            } finally {
                shared.frame().release();
            }
        });
    }

    @Override
    public void onMessage(String text) {
        if (attachmentsToDrop > 0) {
            throw new PacketException("expected " + attachmentsToDrop + " more binary attachments");
        }
        SioPacket packet = SioPacket.decode(text);
        switch (packet.type()) {
            case SioPacket.CONNECT -> connect(packet);
            case SioPacket.DISCONNECT -> {
                SocketIoSocket socket = sockets.remove(packet.namespace());
                if (socket != null) {
                    server.ended(socket, "client namespace disconnect");
                }
            }
            case SioPacket.EVENT -> {
                SocketIoSocket socket = sockets.get(packet.namespace());
                if (socket != null && !socket.isClosed()) {
                    dispatch(socket, packet);
                }
            }
            case SioPacket.ACK -> { }
            default -> refuseBinary(packet);
        }
    }

    private void connect(SioPacket packet) {
        String namespace = packet.namespace();
        if (!server.hasNamespace(namespace)) {
            connectError(namespace, "Invalid namespace", null);
            return;
        }
        if (sockets.containsKey(namespace)) {
            connectError(namespace, "already connected to " + namespace, null);
            return;
        }
        JsonNode token = packet.data() == null ? null : packet.data().get("token");
        String raw = token != null && token.isTextual() ? token.asText() : engine.handshakeToken();
        Principal principal;
        try {
            principal = server.tokens().verify(raw);
        } catch (AuthException e) {
            String message = raw == null ? "no token: connect with auth: {token: <jwt>}" : e.getMessage();
            connectError(namespace, message, e.closeCode().code());
            return;
        }
        io.switchboard.protocol.CloseCode refusal = server.acquire(principal.userId());
        if (refusal != null) {
            connectError(namespace, refusal.reason(), refusal.code());
            return;
        }
        connectedOnce = true;
        SocketIoSocket socket = new SocketIoSocket(server.newSocketId(), namespace, principal, this, server);
        sockets.put(namespace, socket);
        // Connection state recovery: a reconnecting client sends the pid it was given and the last offset it got.
        JsonNode auth = packet.data();
        RecoveryOffset restore = null;
        String oldPid = null;
        if (server.recovery()) {
            socket.pid(server.newSocketId());
            if (auth != null && auth.path("pid").isTextual() && auth.path("pid").asText().length() <= 64
                    && auth.path("offset").isTextual()) {
                oldPid = auth.get("pid").asText();
                restore = RecoveryOffset.decode(auth.get("offset").asText());
            }
        }
        RecoveryOffset from = restore;
        String previous = oldPid;
        if (from != null) {
            socket.lastSeq(from.seq());
        }
        server.open(socket).compose(v -> from == null ? io.vertx.core.Future.succeededFuture(false) : server.restore(socket, from))
                .onComplete(ar -> execute(() -> {
                    if (closed || socket.isClosed()) {
                        server.abandoned(socket);
                        return;
                    }
                    if (ar.succeeded() && ar.result()) {
                        // The same pid tells the client it was recovered (socket.recovered).
                        socket.pid(previous);
                    }
                    ObjectNode answer = Json.object().put("sid", socket.id());
                    if (socket.pid() != null) {
                        answer.put("pid", socket.pid());
                    }
                    sendNow(SioPacket.of(SioPacket.CONNECT, namespace, -1, answer));
                    server.connected(socket, from != null && from.seq() > 0 ? from.seq() : null);
                }));
    }

    private void connectError(String namespace, String message, Integer code) {
        ObjectNode body = Json.object().put("message", message);
        if (code != null) {
            body.set("data", Json.object().put("code", code));
        }
        sendNow(SioPacket.of(SioPacket.CONNECT_ERROR, namespace, -1, body));
    }

    private void dispatch(SocketIoSocket socket, SioPacket packet) {
        ArrayNode data = (ArrayNode) packet.data();
        String event = data.get(0).asText();
        ArrayNode args = Json.mapper().createArrayNode();
        for (int i = 1; i < data.size(); i++) {
            args.add(data.get(i));
        }
        long ackId = packet.ackId();
        if (!server.admit(socket)) {
            answer(socket, ackId, null, new ProtocolException(ErrorCode.RATE_LIMITED, "too many events per second; slow down"));
            return;
        }
        SocketIoHandler handler = server.handler(event);
        if (handler == null) {
            answer(socket, ackId, null, new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "no handler for event '" + (event.length() > 64 ? event.substring(0, 64) : event) + "'"));
            return;
        }
        io.vertx.core.Future<JsonNode> outcome;
        try {
            outcome = handler.handle(socket, args);
        } catch (RuntimeException e) {
            outcome = io.vertx.core.Future.failedFuture(e);
        }
        outcome.onComplete(ar -> execute(() -> answer(socket, ackId, ar.succeeded() ? ar.result() : null,
                ar.succeeded() ? null : ar.cause())));
    }

    /** The handler's outcome: an ACK when one was asked for, else an {@code error} event for a failure. */
    private void answer(SocketIoSocket socket, long ackId, JsonNode result, Throwable failure) {
        if (socket.isClosed()) {
            return;
        }
        JsonNode error = failure == null ? null : Json.object().set("error", server.errorBody(socket, failure));
        if (ackId >= 0) {
            ArrayNode args = Json.mapper().createArrayNode();
            if (error != null) {
                args.add(error);
            } else if (result != null) {
                args.add(result);
            }
            sendNow(SioPacket.of(SioPacket.ACK, socket.namespace(), ackId, args));
        } else if (error != null) {
            socket.emit("error", error.get("error"));
        }
    }

    private void refuseBinary(SioPacket packet) {
        attachmentsToDrop = packet.attachments();
        SocketIoSocket socket = sockets.get(packet.namespace());
        if (socket == null || packet.type() == SioPacket.BINARY_ACK) {
            return;
        }
        answer(socket, packet.ackId(), null, new ProtocolException(ErrorCode.BAD_JSON,
                "binary attachments are not supported; send JSON (base64 for bytes)"));
    }

    @Override
    public void onBinary(byte[] data) {
        if (attachmentsToDrop == 0) {
            throw new PacketException("a binary message that no BINARY_EVENT announced");
        }
        attachmentsToDrop--;
    }

    /** Ends one socket from the server side: DISCONNECT to the client. On the loop. */
    void disconnect(SocketIoSocket socket) {
        if (sockets.remove(socket.namespace(), socket)) {
            sendNow(SioPacket.of(SioPacket.DISCONNECT, socket.namespace(), -1, null));
            server.ended(socket, "server namespace disconnect");
        }
    }

    /** Closes the whole connection (its Engine.IO session) for {@code reason}. On the loop. */
    void close(String reason) {
        engine.close(reason);
    }

    @Override
    public void onClose(String reason) {
        closed = true;
        for (SocketIoSocket socket : List.copyOf(sockets.values())) {
            server.ended(socket, reason);
        }
        sockets.clear();
    }

    private void sendNow(SioPacket packet) {
        engine.sendMessage(packet.encode());
    }
}
