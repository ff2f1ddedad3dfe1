package io.switchboard.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.switchboard.server.gateway.SessionSocket;
import io.switchboard.server.gateway.SocketListener;
import io.vertx.core.net.SocketAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket served by its own Netty handler, the last of its pipeline, in place of Vert.x's connection and
 * {@code ServerWebSocket}: an idle socket holds this object and its pipeline, nothing else (Vert.x's keeps a write
 * queue of 1,024 slots, the handshake request and its headers, promises; issue 12). It behaves as Vert.x's did for
 * the gateway: messages aggregated from their fragments up to the message limit, pings answered, the client's
 * close frame echoed and the connection then closed, a close the server starts ended after {@link #CLOSING_TIMEOUT_SECONDS}
 * if the client does not answer, and the connection closed right after a frame the pipeline refused was reported.
 * State is touched on the channel's event loop only; the calls of {@link SessionSocket} hop there.
 */
final class NettyWebSocket extends ChannelInboundHandlerAdapter implements SessionSocket {
    /** How long a close the server started waits for the client's: as Vert.x's closing timeout (HttpListener). */
    static final long CLOSING_TIMEOUT_SECONDS = 5;
    private static final int NO_STATUS = 1005;
    private static final int ABNORMAL = 1006;

    private final String path;
    private final int maxMessageBytes;
    private ChannelHandlerContext ctx;
    private SocketListener listener;
    /** The fragments of a text message so far; null between messages. */
    private CompositeByteBuf fragments;
    /** Bytes of the fragmented message so far (text or binary), -1 when none is in progress. */
    private int fragmentBytes = -1;
    private boolean fragmentedText;
    /** A fragmented message past the limit: its remaining fragments are dropped. */
    private boolean discarding;
    private boolean closeSent;
    private boolean closeReceived;
    private volatile int closeStatus = -1;
    private ScheduledFuture<?> closingTimeout;

    /** A socket opened on {@code path} (one of few, interned by the caller), whose messages are at most {@code maxMessageBytes}. */
    NettyWebSocket(String path, int maxMessageBytes) {
        this.path = path;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        ctx = context;
    }

    @Override
    public ChannelHandlerContext channel() {
        return ctx;
    }

    @Override
    public void listen(SocketListener socketListener) {
        listener = socketListener;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                    || frame instanceof ContinuationWebSocketFrame) {
                data(frame);
            } else if (frame instanceof PingWebSocketFrame) {
                // RFC 6455 §5.5.2: a pong with the ping's application data.
                context.writeAndFlush(new PongWebSocketFrame(frame.content().retainedDuplicate()), context.voidPromise());
            } else if (frame instanceof PongWebSocketFrame) {
                if (listener != null) {
                    listener.pong();
                }
            } else if (frame instanceof CloseWebSocketFrame close) {
                closeFrame(close);
            }
        } finally {
            frame.release();
        }
    }

    private void data(WebSocketFrame frame) {
        boolean continuation = frame instanceof ContinuationWebSocketFrame;
        if (!continuation) {
            // The decoder refuses a new message inside a fragmented one: this starts a message.
            discarding = false;
            fragmentBytes = -1;
            if (frame.isFinalFragment()) {
                whole(frame instanceof TextWebSocketFrame, frame.content());
                return;
            }
            fragmentedText = frame instanceof TextWebSocketFrame;
            fragmentBytes = 0;
        }
        if (fragmentBytes < 0) {
            return; // the decoder lets no continuation through outside a message
        }
        if (!discarding) {
            fragmentBytes += frame.content().readableBytes();
            if (fragmentBytes > maxMessageBytes) {
                discarding = true;
                releaseFragments();
                if (listener != null) {
                    // What Vert.x reported (Gateway.closeCodeFor reads it as 1009).
                    listener.failed(new IllegalStateException("a fragmented message of more than " + maxMessageBytes
                            + " bytes would overflow max message size of " + maxMessageBytes));
                }
            } else if (fragmentedText && listener != null) {
                if (fragments == null) {
                    fragments = ctx.alloc().compositeBuffer(64);
                }
                fragments.addComponent(true, frame.content().retain());
            }
        }
        if (frame.isFinalFragment()) {
            boolean dropped = discarding;
            fragmentBytes = -1;
            discarding = false;
            if (!dropped) {
                CompositeByteBuf whole = fragments;
                fragments = null;
                try {
                    whole(fragmentedText, whole);
                } finally {
                    if (whole != null) {
                        whole.release();
                    }
                }
            }
        }
    }

    private void whole(boolean text, ByteBuf content) {
        if (listener == null) {
            return;
        }
        if (text) {
            listener.text(content == null ? "" : content.toString(StandardCharsets.UTF_8));
        } else {
            listener.binary();
        }
    }

    private void closeFrame(CloseWebSocketFrame close) {
        closeReceived = true;
        int status = close.statusCode();
        closeStatus = status < 0 ? NO_STATUS : status;
        if (closeSent) {
            ctx.close();
        } else {
            // Echo the client's close (its code and reason), then end the connection: the server closes TCP first.
            closeSent = true;
            ctx.writeAndFlush(new CloseWebSocketFrame(true, 0, close.content().retainedDuplicate()))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        // A frame the decoder or the guards refused (their close status in the exception), or the connection failed:
        // the listener closes with the code, then the connection ends, as with Vert.x.
        if (listener != null) {
            listener.failed(cause);
        }
        context.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        ScheduledFuture<?> timeout = closingTimeout;
        if (timeout != null) {
            timeout.cancel(false);
            closingTimeout = null;
        }
        releaseFragments();
        if (closeStatus < 0) {
            closeStatus = ABNORMAL;
        }
        if (listener != null) {
            listener.closed();
        }
        context.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        releaseFragments();
    }

    private void releaseFragments() {
        if (fragments != null) {
            fragments.release();
            fragments = null;
        }
    }

    @Override
    public void close(int code, String reason) {
        if (!ctx.executor().inEventLoop()) {
            ctx.executor().execute(() -> close(code, reason));
            return;
        }
        if (closeSent || !ctx.channel().isActive()) {
            return;
        }
        closeSent = true;
        ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
            if (closeReceived) {
                ctx.close();
            } else if (ctx.channel().isActive()) {
                closingTimeout = ctx.executor().schedule(() -> {
                    closingTimeout = null;
                    ctx.close();
                }, CLOSING_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        });
    }

    @Override
    public Short closeStatus() {
        int status = closeStatus;
        return status < 0 ? null : (short) status;
    }

    @Override
    public void ping() {
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new PingWebSocketFrame(), ctx.voidPromise());
        }
    }

    @Override
    public void abort() {
        ctx.close();
    }

    @Override
    public void pause() {
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void resume() {
        ctx.channel().config().setAutoRead(true);
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public Object remoteAddress() {
        return ctx.channel().remoteAddress() instanceof InetSocketAddress address ? SocketAddress.inetSocketAddress(address)
                : ctx.channel().remoteAddress();
    }
}
