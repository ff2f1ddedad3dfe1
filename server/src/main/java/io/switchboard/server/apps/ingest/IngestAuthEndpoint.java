package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.gateway.SocketListener;
import io.switchboard.server.transport.NettyEndpoint;
import io.switchboard.server.transport.SocketHandshake;
import io.switchboard.server.transport.UnauthenticatedSockets;
import io.switchboard.server.transport.WebSocketEndpoint;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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

    private final ChildDirectory children;
    private final Gateway gateway;
    private final HandlerSet handlers;
    private final Duration timeout;
    private final UnauthenticatedSockets waiting;
    private final NettyEndpoint netty = this::handshake;

    IngestAuthEndpoint(ChildDirectory children, Gateway gateway, HandlerSet handlers, Duration timeout,
                       UnauthenticatedSockets waiting) {
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
    public NettyEndpoint netty() {
        return netty;
    }

    private void handshake(SocketHandshake handshake) {
        Context context = handshake.context();
        handshake.accept(socket -> {
            // Sockets waiting for their auth are not sessions yet, so the gateway's limits do not count them.
            if (!waiting.tryAcquire()) {
                IngestSocketEndpoint.refuse(gateway, socket, CloseCode.OVER_CAPACITY, CloseCode.OVER_CAPACITY.reason());
                return;
            }
            socket.listen(new AwaitingAuth(socket, context));
        });
    }

    /**
     * The socket's listener until its first message is checked: it holds a place of {@link UnauthenticatedSockets}
     * (given back once the socket becomes a session or closes) and a timer on the socket's loop. The session that
     * follows replaces it as the socket's listener.
     */
    private final class AwaitingAuth implements SocketListener {
        private final SessionSocket socket;
        private final Context context;
        private final ScheduledFuture<?> timer;
        /** Set on the loop when the first message came: whatever follows it is the session's, or dropped. */
        private boolean firstRead;
        /** Whether the place is still held; given back from the loop or, after a lookup, from its context. */
        private final AtomicBoolean holding = new AtomicBoolean(true);

        AwaitingAuth(SessionSocket socket, Context context) {
            this.socket = socket;
            this.context = context;
            this.timer = socket.channel().executor().schedule(this::expired, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void expired() {
            if (!firstRead) {
                // A message read after the close frame went is not an auth any more.
                firstRead = true;
                IngestSocketEndpoint.refuse(gateway, socket, CloseCode.NO_CREDENTIALS,
                        "no auth message within " + timeout.toMillis() + " ms");
            }
        }

        @Override
        public void text(String text) {
            if (firstRead) {
                return;
            }
            firstRead = true;
            timer.cancel(false);
            // What the device sends behind its auth waits, in order, for the session.
            socket.pause();
            authenticate(text);
        }

        @Override
        public void binary(byte[] bytes) {
            if (firstRead) {
                return;
            }
            firstRead = true;
            timer.cancel(false);
            IngestSocketEndpoint.refuse(gateway, socket, CloseCode.NO_CREDENTIALS, "the first message must be auth");
        }

        @Override
        public void pong() {
        }

        @Override
        public void failed(Throwable cause) {
            // A frame the transport refused (RSV bits, invalid UTF-8, over the hard limit): its RFC 6455 code.
            CloseCode code = Gateway.closeCodeFor(cause);
            if (code != null) {
                firstRead = true;
                timer.cancel(false);
                IngestSocketEndpoint.refuse(gateway, socket, code, code.reason());
            }
        }

        @Override
        public void closed() {
            timer.cancel(false);
            giveBack();
        }

        private void giveBack() {
            if (holding.compareAndSet(true, false)) {
                waiting.release();
            }
        }

        private void authenticate(String text) {
            String hash = text.length() > MAX_AUTH_CHARS ? null : hashOf(text);
            if (hash == null) {
                refuse(CloseCode.NO_CREDENTIALS, "the first message must be {\"type\":\"auth\",\"data\":{\"child_hash\":...}}");
                return;
            }
            JsonNode id = EnvelopeCodec.idOf(text);
            // The lookup may complete on a worker thread: the session opens on the socket's loop, with its context.
            children.byHash(hash).onComplete(ar -> ContextSteps.run(context, () -> {
                if (!socket.isOpen()) {
                    return;
                }
                if (ar.failed()) {
                    socket.close(1013, "database unavailable; try again later");
                    socket.resume();
                    return;
                }
                if (ar.result().isEmpty()) {
                    refuse(CloseCode.UNKNOWN_RESOURCE, "unknown child hash");
                    return;
                }
                giveBack();
                Session session = IngestSocketEndpoint.open(gateway, handlers, socket, ar.result().get());
                if (session != null && id != null) {
                    session.send(EnvelopeCodec.ack(id));
                }
                socket.resume();
            }));
        }

        // Reading resumes so that the client's close frame is read and the closing handshake ends at once; frames
        // that were waiting reach this listener, which drops them.
        private void refuse(CloseCode code, String reason) {
            IngestSocketEndpoint.refuse(gateway, socket, code, reason);
            socket.resume();
        }
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
