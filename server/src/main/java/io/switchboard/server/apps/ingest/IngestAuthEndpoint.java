package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.transport.UnauthenticatedSockets;
import io.switchboard.server.transport.WebSocketEndpoint;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code /ws/ingest-auth/}: the seed's authentication flow. The socket is accepted, and its first message must be
 * {@code {"type":"auth","data":{"child_hash":"…"}}} within the configured time (10 s by default). Then it becomes
 * a device session exactly like {@code /ws/ingest/<hash>/}: {@code connection_established}, then an {@code ack}
 * of the auth message if it carried an id.
 *
 * <p>Refusals: no message in time, a binary frame, or a first message that is not a well-formed {@code auth}
 * close with 4001; a well-formed hash that names no child closes with 4004, as on the other endpoint. Frames
 * that follow the auth message before it is checked wait (the socket is paused), so a device may send its
 * buffered data right behind the auth. Sockets waiting for their auth share the node's
 * {@code max-unauthenticated-sockets} (4102 beyond), and are not offered permessage-deflate: before the hash is
 * checked, nobody should make the node inflate anything.
 */
final class IngestAuthEndpoint implements WebSocketEndpoint {
    /** The longest first message read; an auth message is far shorter. */
    static final int MAX_AUTH_CHARS = 4096;

    private final Vertx vertx;
    private final ChildDirectory children;
    private final Gateway gateway;
    private final HandlerSet handlers;
    private final Duration timeout;
    private final UnauthenticatedSockets waiting;

    IngestAuthEndpoint(Vertx vertx, ChildDirectory children, Gateway gateway, HandlerSet handlers, Duration timeout,
                       UnauthenticatedSockets waiting) {
        this.vertx = vertx;
        this.children = children;
        this.gateway = gateway;
        this.handlers = handlers;
        this.timeout = timeout;
        this.waiting = waiting;
    }

    @Override
    public boolean credentialInMessage() {
        return true;
    }

    @Override
    public void handshake(ServerWebSocketHandshake handshake) {
        handshake.accept().onSuccess(this::awaitAuth);
    }

    private void awaitAuth(ServerWebSocket socket) {
        // Sockets waiting for their auth are not sessions yet, so the gateway's limits do not count them.
        if (!waiting.tryAcquire()) {
            IngestSocketEndpoint.refuse(gateway, socket, CloseCode.OVER_CAPACITY, CloseCode.OVER_CAPACITY.reason());
            return;
        }
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable done = () -> {
            if (counted.compareAndSet(true, false)) {
                waiting.release();
            }
        };
        long timer = vertx.setTimer(timeout.toMillis(), id -> IngestSocketEndpoint.refuse(gateway, socket,
                CloseCode.NO_CREDENTIALS, "no auth message within " + timeout.toMillis() + " ms"));
        socket.closeHandler(v -> {
            vertx.cancelTimer(timer);
            done.run();
        });
        socket.exceptionHandler(e -> {
            // A frame the transport refused (RSV bits, invalid UTF-8, over the hard limit): its RFC 6455 code.
            CloseCode code = Gateway.closeCodeFor(e);
            if (code != null) {
                vertx.cancelTimer(timer);
                IngestSocketEndpoint.refuse(gateway, socket, code, code.reason());
            }
        });
        socket.binaryMessageHandler(bytes -> {
            vertx.cancelTimer(timer);
            IngestSocketEndpoint.refuse(gateway, socket, CloseCode.NO_CREDENTIALS, "the first message must be auth");
        });
        socket.textMessageHandler(text -> {
            vertx.cancelTimer(timer);
            socket.pause();
            socket.textMessageHandler(null);
            socket.binaryMessageHandler(null);
            authenticate(socket, text, done);
        });
    }

    private void authenticate(ServerWebSocket socket, String text, Runnable done) {
        String hash = text.length() > MAX_AUTH_CHARS ? null : hashOf(text);
        if (hash == null) {
            refuse(socket, CloseCode.NO_CREDENTIALS, "the first message must be {\"type\":\"auth\",\"data\":{\"child_hash\":...}}");
            return;
        }
        JsonNode id = EnvelopeCodec.idOf(text);
        children.byHash(hash).onComplete(ar -> {
            if (socket.isClosed()) {
                return;
            }
            if (ar.failed()) {
                socket.close((short) 1013, "database unavailable; try again later");
                socket.resume();
                return;
            }
            if (ar.result().isEmpty()) {
                refuse(socket, CloseCode.UNKNOWN_RESOURCE, "unknown child hash");
                return;
            }
            done.run();
            Session session = IngestSocketEndpoint.open(gateway, handlers, socket, ar.result().get());
            if (session != null && id != null) {
                session.send(EnvelopeCodec.ack(id));
            }
            socket.resume();
        });
    }

    // Reading resumes so that the client's close frame is read and the closing handshake ends at once; frames
    // that were waiting are dropped, as no handler is set any more.
    private void refuse(ServerWebSocket socket, CloseCode code, String reason) {
        IngestSocketEndpoint.refuse(gateway, socket, code, reason);
        socket.resume();
    }

    /** The child hash of a well-formed auth message, or null. */
    private static String hashOf(String text) {
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(text);
        } catch (ProtocolException e) {
            return null;
        }
        JsonNode hash = envelope.data().get("child_hash");
        if (!IngestTypes.AUTH.equals(envelope.type()) || !envelope.data().isObject() || envelope.data().size() != 1
                || hash == null || !hash.isTextual()) {
            return null;
        }
        return hash.textValue();
    }
}
