package io.switchboard.server.transport;

import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Credentials;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.hooks.ConnectGrant;
import io.switchboard.server.hooks.ClientWire;
import io.switchboard.server.hooks.ConnectRefused;
import io.switchboard.server.hooks.Hooks;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * A socket for an authenticated user: {@code /ws}, and app endpoints such as {@code /ws/user-updates/} that
 * subscribe the new session to their channel. The token comes in the query, the Authorization header or the
 * sub-protocol; a missing one closes with 4001, a bad one with 4002, after the upgrade so that browsers see
 * the code.
 *
 * <p>With backend hooks ({@code /ws}), the connect hook is asked before the upgrade is accepted — about the token's
 * user, or, for a client without a token, who it is (from its cookies or headers) — and its refusal is the close code.
 */
public final class ChannelSocketEndpoint implements WebSocketEndpoint {
    private final TokenService tokens;
    private final Gateway gateway;
    private final Function<Session, Future<?>> onOpen;
    private final Hooks hooks;
    private final NettyEndpoint netty;

    /** The general endpoint: sessions start with no subscription. */
    public ChannelSocketEndpoint(TokenService tokens, Gateway gateway) {
        this(tokens, gateway, (Function<Session, Future<?>>) null);
    }

    /** The general endpoint, asking the backend's {@code hooks} (connect) and passing on the client's headers. */
    public ChannelSocketEndpoint(TokenService tokens, Gateway gateway, Hooks hooks) {
        this(tokens, gateway, null, hooks);
    }

    /**
     * An endpoint that hands each new session to {@code onOpen} (on its event loop), which sets it up (subscribes it)
     * and completes once that is in place: only then is {@code connection_established} sent, so that whatever is
     * published after it reaches the session.
     */
    public ChannelSocketEndpoint(TokenService tokens, Gateway gateway, Function<Session, Future<?>> onOpen) {
        this(tokens, gateway, onOpen, null);
    }

    private ChannelSocketEndpoint(TokenService tokens, Gateway gateway, Function<Session, Future<?>> onOpen, Hooks hooks) {
        this.tokens = tokens;
        this.gateway = gateway;
        this.onOpen = onOpen;
        this.hooks = hooks;
        this.netty = this::handshake;
    }

    @Override
    public NettyEndpoint netty() {
        return netty;
    }

    private void handshake(SocketHandshake handshake) {
        Principal principal;
        AuthException refusal = null;
        String token = Credentials.bearerToken(handshake::header, handshake.query());
        try {
            principal = token == null && hooks != null && hooks.connectHook() ? null : tokens.verify(token);
        } catch (AuthException e) {
            principal = null;
            refusal = e;
        }
        Principal granted = principal;
        AuthException refused = refusal;
        if (refused != null || hooks == null || !hooks.onConnect()) {
            handshake.accept(socket -> {
                if (refused != null) {
                    gateway.refuse(socket, refused.closeCode().code(), refused.getMessage());
                } else {
                    // A session set up on open waits for it with its socket paused: Netty reads nothing meanwhile.
                    gateway.open(Gateway.newSessionId(), socket, granted, gateway.defaultHandlers(), onOpen);
                }
            });
            return;
        }
        String sessionId = Gateway.newSessionId();
        // The hook answers on an event loop of the HTTP client's; the upgrade goes on on the connection's own.
        ClientWire wire = ClientWire.webSocket(String.join(",", handshake.headers("Sec-WebSocket-Protocol")));
        hooks.connect(sessionId, granted, hooks.headers(handshake::headers), wire).onComplete(ar ->
                handshake.onLoop(() -> handshake.accept(socket -> connected(sessionId, socket, ar))));
    }

    /** The connect hook answered for a socket now open: refused (its code) or granted (the session opens). */
    private void connected(String sessionId, SessionSocket socket, AsyncResult<ConnectGrant> ar) {
        if (ar.failed()) {
            ConnectRefused r = ar.cause() instanceof ConnectRefused c ? c
                    : new ConnectRefused(ConnectRefused.TRY_AGAIN_LATER, "try again later");
            gateway.refuse(socket, r.code(), r.reason());
            return;
        }
        ConnectGrant grant = ar.result();
        gateway.open(sessionId, socket, grant.principal(), gateway.defaultHandlers(), session -> {
            Hooks.attach(session, grant);
            return onOpen == null ? Future.succeededFuture() : onOpen.apply(session);
        });
    }
}
