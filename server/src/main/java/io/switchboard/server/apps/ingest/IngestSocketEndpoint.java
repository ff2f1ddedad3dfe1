package io.switchboard.server.apps.ingest;

import io.switchboard.protocol.CloseCode;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionKey;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.transport.NettyEndpoint;
import io.switchboard.server.transport.SocketHandshake;
import io.switchboard.server.transport.WebSocketEndpoint;
import io.vertx.core.Context;
import java.util.Optional;

/**
 * {@code /ws/ingest/<child_hash>/}: the seed's direct device socket, served on Netty ({@link NettyEndpoint}). The hash
 * is looked up before the upgrade is answered; a known one gets a session that speaks the {@code ingest} handler set,
 * an unknown one is accepted and closed at once with 4004 (browsers cannot read a refused handshake's status, but can
 * read a close code). If the database cannot answer, the handshake is refused with 503 and the device retries.
 */
final class IngestSocketEndpoint implements WebSocketEndpoint {
    /** The session attribute that holds the {@link Child}. */
    static final SessionKey<Child> CHILD = SessionKey.of("ingest.child", Child.class);
    static final String PREFIX = "/ws/ingest/";

    private final ChildDirectory children;
    private final Gateway gateway;
    private final HandlerSet handlers;
    private final NettyEndpoint netty = this::handshake;

    IngestSocketEndpoint(ChildDirectory children, Gateway gateway, HandlerSet handlers) {
        this.children = children;
        this.gateway = gateway;
        this.handlers = handlers;
    }

    @Override
    public NettyEndpoint netty() {
        return netty;
    }

    private void handshake(SocketHandshake handshake) {
        String path = handshake.path();
        String hash = path.substring(PREFIX.length(), path.endsWith("/") ? path.length() - 1 : path.length());
        Context context = handshake.context();
        // The lookup may complete on a worker thread; the upgrade is answered on the connection's loop.
        children.byHash(hash).onComplete(ar -> handshake.onLoop(() -> {
            if (ar.failed()) {
                handshake.reject(503);
                return;
            }
            Optional<Child> child = ar.result();
            handshake.accept(socket -> {
                if (child.isEmpty()) {
                    refuse(gateway, socket, CloseCode.UNKNOWN_RESOURCE, "unknown child hash");
                } else {
                    ContextSteps.run(context, () -> open(gateway, handlers, socket, child.get()));
                }
            });
        }));
    }

    /**
     * Makes the device's session; null when a connection limit refused it. Call on the socket's loop with its context
     * current: the session keeps that context and runs its messages under it, so their writes complete back there.
     */
    static Session open(Gateway gateway, HandlerSet handlers, SessionSocket socket, Child child) {
        Session session = gateway.open(Gateway.newSessionId(), socket, new Principal(ChildChannel.of(child.id()), null),
                handlers, null);
        if (session != null) {
            session.put(CHILD, child);
        }
        return session;
    }

    /** Closes a socket that never became a session, counting the code. */
    static void refuse(Gateway gateway, SessionSocket socket, CloseCode code, String reason) {
        gateway.refuse(socket, code.code(), reason);
    }

    /** The child of a device session. */
    static Child childOf(Session session) {
        return session.get(CHILD);
    }
}
