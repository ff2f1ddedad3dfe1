package io.switchboard.server.socketio;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.switchboard.protocol.CloseCode;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.gateway.SocketListener;
import java.nio.charset.StandardCharsets;

/**
 * What one of an Engine.IO session's WebSockets (the session's own, or a probe upgrading a polling session) reports,
 * handed to the session on its loop ({@link EngineSession#fromSocket}): frames in the order read, a message over
 * {@code maxHttpBufferSize} as {@link EngineSession#tooLarge}, the end of the connection.
 */
final class EngineSocketListener implements SocketListener {
    private final SessionSocket socket;
    private final EngineSession session;
    private final int maxHttpBufferSize;

    EngineSocketListener(SessionSocket socket, EngineSession session, int maxHttpBufferSize) {
        this.socket = socket;
        this.session = session;
        this.maxHttpBufferSize = maxHttpBufferSize;
    }

    @Override
    public void text(String text) {
        if ((long) text.length() * 3 > maxHttpBufferSize && text.getBytes(StandardCharsets.UTF_8).length > maxHttpBufferSize) {
            session.fromSocket(() -> session.tooLarge(socket));
            return;
        }
        session.fromSocket(() -> session.onWebSocketText(socket, text));
    }

    @Override
    public void binary(byte[] bytes) {
        if (bytes.length > maxHttpBufferSize) {
            session.fromSocket(() -> session.tooLarge(socket));
            return;
        }
        session.fromSocket(() -> session.onWebSocketBinary(socket, bytes));
    }

    @Override
    public void pong() {
        // Engine.IO's heartbeat is its own packets (2 and 3), not WebSocket pings.
    }

    @Override
    public void failed(Throwable cause) {
        // A frame over the server's hard WebSocket limit (or malformed): the socket reads nothing more and a Netty
        // socket ends the connection as soon as this returns, so the close frame is written here, on the socket's
        // loop, and not only from the session's loop, which may be another.
        if (cause instanceof CorruptedWebSocketFrameException
                || (cause instanceof IllegalStateException && String.valueOf(cause.getMessage()).contains("max message size"))) {
            socket.close(CloseCode.MESSAGE_TOO_BIG.code(), EngineSession.tooLargeReason(maxHttpBufferSize));
            session.fromSocket(() -> session.tooLarge(socket));
        }
    }

    @Override
    public void closed() {
        session.fromSocket(() -> session.onWebSocketClosed(socket));
    }
}
