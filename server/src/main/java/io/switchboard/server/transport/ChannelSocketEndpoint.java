package io.switchboard.server.transport;

import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Credentials;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionSocket;
import io.vertx.core.http.ServerWebSocketHandshake;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * A socket for an authenticated user: {@code /ws}, and app endpoints such as {@code /ws/user-updates/} that
 * subscribe the new session to their channel. The token comes in the query, the Authorization header or the
 * sub-protocol; a missing one closes with 4001, a bad one with 4002, after the upgrade so that browsers see
 * the code.
 */
public final class ChannelSocketEndpoint implements WebSocketEndpoint {
    private final TokenService tokens;
    private final Gateway gateway;
    private final Function<Session, Future<?>> onOpen;
    private final NettyEndpoint netty;

    /** The general endpoint: sessions start with no subscription. */
    public ChannelSocketEndpoint(TokenService tokens, Gateway gateway) {
        this(tokens, gateway, null);
    }

    /**
     * An endpoint that hands each new session to {@code onOpen} (on its event loop), which sets it up (subscribes it)
     * and completes once that is in place: only then is {@code connection_established} sent, so that whatever is
     * published after it reaches the session.
     */
    public ChannelSocketEndpoint(TokenService tokens, Gateway gateway, Function<Session, Future<?>> onOpen) {
        this.tokens = tokens;
        this.gateway = gateway;
        this.onOpen = onOpen;
        // Sessions set up on open wait for it with their socket paused, which Vert.x's socket does with a buffer:
        // those stay on Vert.x for now.
        this.netty = onOpen == null ? this::handshake : null;
    }

    @Override
    public NettyEndpoint netty() {
        return netty;
    }

    private void handshake(NettyHandshake handshake) {
        Principal principal;
        AuthException refusal = null;
        try {
            principal = tokens.verify(Credentials.bearerToken(handshake::header, handshake.query()));
        } catch (AuthException e) {
            principal = null;
            refusal = e;
        }
        SessionSocket socket = handshake.accept();
        if (socket == null) {
            return;
        }
        if (refusal != null) {
            gateway.refuse(socket, refusal.closeCode().code(), refusal.getMessage());
            return;
        }
        gateway.open(socket, principal);
    }

    @Override
    public void handshake(ServerWebSocketHandshake handshake) {
        Principal principal;
        AuthException refusal = null;
        try {
            principal = tokens.verify(Credentials.bearerToken(handshake.headers(), handshake.query()));
        } catch (AuthException e) {
            principal = null;
            refusal = e;
        }
        Principal granted = principal;
        AuthException refused = refusal;
        handshake.accept().onSuccess(socket -> {
            if (refused != null) {
                gateway.refuse(socket, refused.closeCode().code(), refused.getMessage());
                return;
            }
            gateway.open(socket, granted, onOpen);
        });
    }
}
