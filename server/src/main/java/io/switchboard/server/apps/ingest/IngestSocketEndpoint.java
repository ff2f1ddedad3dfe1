package io.switchboard.server.apps.ingest;

import io.switchboard.protocol.CloseCode;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.HandlerSet;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionKey;
import io.switchboard.server.transport.WebSocketEndpoint;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.ServerWebSocketHandshake;

/**
 * {@code /ws/ingest/<child_hash>/}: the seed's direct device socket. The hash is looked up before the upgrade
 * is answered; a known one gets a session that speaks the {@code ingest} handler set, an unknown one is
 * accepted and closed at once with 4004 (browsers cannot read a refused handshake's status, but can read a
 * close code). If the database cannot answer, the handshake is refused with 503 and the device retries.
 */
final class IngestSocketEndpoint implements WebSocketEndpoint {
    /** The session attribute that holds the {@link Child}. */
    static final SessionKey<Child> CHILD = SessionKey.of("ingest.child", Child.class);
    static final String PREFIX = "/ws/ingest/";

    private final ChildDirectory children;
    private final Gateway gateway;
    private final HandlerSet handlers;

    IngestSocketEndpoint(ChildDirectory children, Gateway gateway, HandlerSet handlers) {
        this.children = children;
        this.gateway = gateway;
        this.handlers = handlers;
    }

    @Override
    public void handshake(ServerWebSocketHandshake handshake) {
        String path = handshake.path();
        String hash = path.substring(PREFIX.length(), path.endsWith("/") ? path.length() - 1 : path.length());
        // The handshake is answered on this event loop: the HTTP connection accepts no write from another thread
        // (strict thread mode, HttpListener), and the lookup may complete elsewhere.
        Context loop = Vertx.currentContext();
        children.byHash(hash).onComplete(ar -> onLoop(loop, () -> {
            if (ar.failed()) {
                handshake.reject(503);
                return;
            }
            handshake.accept().onSuccess(socket -> {
                if (ar.result().isEmpty()) {
                    refuse(gateway, socket, CloseCode.UNKNOWN_RESOURCE, "unknown child hash");
                } else {
                    open(gateway, handlers, socket, ar.result().get());
                }
            });
        }));
    }

    /** Makes the device's session; null when a connection limit refused it. */
    static Session open(Gateway gateway, HandlerSet handlers, ServerWebSocket socket, Child child) {
        Session session = gateway.open(socket, new Principal(ChildChannel.of(child.id()), null), handlers);
        if (session != null) {
            session.put(CHILD, child);
        }
        return session;
    }

    /** Closes a socket that never became a session, counting the code. */
    static void refuse(Gateway gateway, ServerWebSocket socket, CloseCode code, String reason) {
        gateway.refuse(socket, code.code(), reason);
    }

    /** The child of a device session. */
    static Child childOf(Session session) {
        return session.get(CHILD);
    }

    private static void onLoop(Context loop, Runnable task) {
        if (loop == null || loop == Vertx.currentContext()) {
            task.run();
        } else {
            loop.runOnContext(v -> task.run());
        }
    }
}
