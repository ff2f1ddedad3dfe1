package io.switchboard.server.stream;

import io.netty.channel.ChannelHandlerContext;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.gateway.SocketListener;
import io.switchboard.server.outbound.FrameFraming;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerResponse;
import java.util.List;

/**
 * A session's socket on a long-lived HTTP response ({@link StreamFormat}). Frames leave through the gateway's
 * {@code LoopWriter} and the session's {@code SocketOutput} like a WebSocket's, written below Vert.x's HTTP encoder
 * as whole chunks: the same backlog, budget and stall checks apply, and a reader that stops reading is closed like a
 * stalled WebSocket. The client's messages come from {@code POST /connection/command} ({@link #deliver}). A close
 * writes the {@code close} frame as the response's last chunk and ends the response; the client ending the request
 * is a connection lost (1006). State is touched on the request's event loop only; the calls hop there.
 */
final class StreamSocket implements SessionSocket {
    private static final int ABNORMAL = 1006;

    private final HttpServerResponse response;
    private final ChannelHandlerContext channel;
    private final Context context;
    private final StreamFormat format;
    private final StreamSessions registry;
    private final String path;
    private final Object remoteAddress;
    private SocketListener listener;
    private String sessionId;
    /** The close frame was written (or the connection is gone): nothing more is written. Loop only. */
    private boolean closing;
    /** The listener was told the stream ended. Loop only. */
    private boolean ended;
    private volatile int closeStatus = -1;
    /**
     * The connection's end, whoever ends it: Vert.x tells a response's close handler only before the response ended,
     * and a stream closed by the server has ended it (its close frame written, or waiting behind a backlog the client
     * never reads, until the gateway drops the connection).
     */
    private final io.netty.channel.ChannelFutureListener connectionEnded = f -> lost();

    /**
     * A stream on {@code response}, whose frames are written through {@code channel} (below the HTTP encoder), on
     * {@code context}, the request's event loop.
     */
    StreamSocket(HttpServerResponse response, ChannelHandlerContext channel, Context context, StreamFormat format,
                 StreamSessions registry, String path, Object remoteAddress) {
        this.response = response;
        this.channel = channel;
        this.context = context;
        this.format = format;
        this.registry = registry;
        this.path = path;
        this.remoteAddress = remoteAddress;
    }

    /**
     * Sends the response's head: the stream's content type, no caching or transforming by proxies, no buffering by
     * nginx, no compression (frames are written below the encoder that would apply it). On the loop.
     */
    void start() {
        response.setChunked(true)
                .putHeader("Content-Type", format.contentType())
                .putHeader("Cache-Control", "no-cache, no-transform")
                .putHeader("X-Accel-Buffering", "no")
                .putHeader("Content-Encoding", "identity");
        response.closeHandler(v -> lost());
        response.exceptionHandler(e -> lost());
        channel.channel().closeFuture().addListener(connectionEnded);
        response.writeHead();
    }

    @Override
    public ChannelHandlerContext channel() {
        return channel;
    }

    @Override
    public FrameFraming framing() {
        return format;
    }

    @Override
    public String transport() {
        return format.transport();
    }

    @Override
    public void listen(SocketListener socketListener) {
        listener = socketListener;
        if (socketListener instanceof Session session) {
            // Before connection_established is written: a command that follows it finds the session.
            sessionId = session.id();
            registry.add(sessionId, this);
        }
    }

    /** The session's user, or null before it opened. */
    String userId() {
        return listener instanceof Session session ? session.userId() : null;
    }

    /** Hands the client's messages (JSON text each) to the session, in order, as if read from a WebSocket. */
    void deliver(List<String> messages) {
        onLoop(() -> {
            if (closing || listener == null) {
                return;
            }
            for (String m : messages) {
                listener.text(m);
            }
        });
    }

    /**
     * Writes a heartbeat; when the kernel has taken it, the client counts as seen (as a pong would make it on a
     * WebSocket): a reader that stopped reading is not, and is closed after {@code idle-timeout}.
     */
    void heartbeat() {
        onLoop(() -> {
            if (closing || !channel.channel().isActive()) {
                return;
            }
            channel.writeAndFlush(format.heartbeat()).addListener(f -> {
                if (f.isSuccess() && listener != null) {
                    listener.pong();
                }
            });
        });
    }

    @Override
    public void close(int code, String reason) {
        onLoop(() -> {
            if (closing) {
                return;
            }
            closing = true;
            if (response.ended() || response.closed()) {
                ended(ABNORMAL);
                return;
            }
            response.end(format.closeFrame(code, reason)).onComplete(ar -> ended(ar.succeeded() ? code : ABNORMAL));
        });
    }

    /** The connection ended before the response did: the client went away, or the server dropped it. */
    private void lost() {
        onLoop(() -> {
            closing = true;
            ended(ABNORMAL);
        });
    }

    private void ended(int status) {
        if (ended) {
            return;
        }
        ended = true;
        // A connection kept alive after the stream serves other requests: it no longer holds this socket.
        channel.channel().closeFuture().removeListener(connectionEnded);
        if (closeStatus < 0) {
            closeStatus = status;
        }
        if (sessionId != null) {
            registry.remove(sessionId, this);
        }
        if (listener != null) {
            listener.closed();
        }
    }

    @Override
    public Short closeStatus() {
        int status = closeStatus;
        return status < 0 ? null : (short) status;
    }

    @Override
    public void ping() {
        // The stream's heartbeat runs on its own clock (stream-heartbeat), see StreamSessions.
    }

    @Override
    public void abort() {
        // From the encoder's context toward the socket: a close from the pipeline's tail would pass Vert.x's handler,
        // which waits for the response in progress to end (it never does when its reader stopped reading).
        channel.close();
    }

    @Override
    public void pause() {
        // Commands reach a session only by its id, which the client learns from connection_established: none can
        // arrive while the gateway holds the session back before it.
    }

    @Override
    public void resume() {
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Object remoteAddress() {
        return remoteAddress;
    }

    private void onLoop(Runnable task) {
        if (Context.isOnEventLoopThread() && context == io.vertx.core.Vertx.currentContext()) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }
}
