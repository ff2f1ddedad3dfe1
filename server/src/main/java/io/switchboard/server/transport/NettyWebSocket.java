package io.switchboard.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
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
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;

/**
 * A WebSocket served by its own Netty handler, the last of its pipeline, in place of Vert.x's connection and
 * {@code ServerWebSocket}: an idle socket holds this object and its pipeline, nothing else (Vert.x's keeps a write
 * queue of 1,024 slots, the handshake request and its headers, promises; issue 12). It behaves as Vert.x's did for
 * the gateway: messages aggregated from their fragments up to the message limit, pings answered, the client's
 * close frame echoed and the connection then closed, a close the server starts ended after {@link #CLOSING_TIMEOUT_SECONDS}
 * if the client does not answer, and the connection closed right after a refused frame was reported. It also does
 * the checks {@link InboundFrameGuard} and Netty's {@code Utf8FrameValidator} do for a Vert.x socket (RSV bits 1002,
 * refused inflation 1009/1007, UTF-8 1007), which leave the pipeline on the upgrade: two handlers and their contexts
 * less per socket. State is touched on the channel's event loop only; the calls of {@link SessionSocket} hop there.
 */
final class NettyWebSocket extends ChannelInboundHandlerAdapter implements SessionSocket {
    /** How long a close the server started waits for the client's: as Vert.x's closing timeout (HttpListener). */
    static final long CLOSING_TIMEOUT_SECONDS = 5;
    private static final int NO_STATUS = 1005;
    private static final int ABNORMAL = 1006;

    /** The request path, for the logs of the socket's open or refusal; dropped once a session listens. */
    private String path;
    private final int maxMessageBytes;
    private ChannelHandlerContext ctx;
    private SocketListener listener;
    /** The sub-protocol chosen in the 101 answer (interned), or null. */
    private String subProtocol;
    /** The fragments of a message so far; null between messages. */
    private CompositeByteBuf fragments;
    /** Bytes of the fragmented message so far (text or binary), -1 when none is in progress. */
    private int fragmentBytes = -1;
    private boolean fragmentedText;
    /** A fragmented message past the limit: its remaining fragments are dropped. */
    private boolean discarding;
    /** Input was refused: data frames after it are dropped until the connection ends. */
    private boolean failed;
    /** Where the UTF-8 check of the text message in progress is (see {@link Utf8Check}). */
    private int utf8;
    /** Set by {@link #pause()}: frames read meanwhile wait in {@link #held}. */
    private boolean paused;
    /**
     * Frames read while paused, in order, until {@link #resume()} hands them on; null when none. Bounded by what the
     * connection had read when it paused: it reads no more until it resumes (auto-read off).
     */
    private ArrayDeque<WebSocketFrame> held;
    private boolean closeSent;
    private boolean closeReceived;
    private volatile int closeStatus = -1;
    private ScheduledFuture<?> closingTimeout;

    /** A socket opened on {@code path}, whose messages are at most {@code maxMessageBytes}. */
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
        // Nothing logs the path after the open, and on /ws/user/<id> each socket's path is a string of its own.
        path = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (paused || held != null) {
            if (held == null) {
                held = new ArrayDeque<>(4);
            }
            held.add(frame);
            return;
        }
        read(frame);
    }

    /** Handles one frame the client sent, in the order sent, and releases it. */
    private void read(WebSocketFrame frame) {
        ChannelHandlerContext context = ctx;
        try {
            if (failed && !(frame instanceof CloseWebSocketFrame)) {
                return;
            }
            if (frame.rsv() != 0) {
                // No extension claimed the bit (the inflater clears RSV1 of the frames it inflates): RFC 6455 §5.2.
                refuse(new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                        "RSV bits set without a negotiated extension"));
                return;
            }
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
            if (frame instanceof TextWebSocketFrame && !utf8(0, frame)) {
                return;
            }
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
        if (continuation && fragmentedText && !utf8(utf8, frame)) {
            return;
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
            } else if (listener != null) {
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

    /**
     * Checks the frame's bytes as UTF-8, going on from {@code state}; false (and the socket failed with 1007, as
     * Netty's {@code Utf8FrameValidator} does) when they are not, or a final frame ends inside a character.
     */
    private boolean utf8(int state, WebSocketFrame frame) {
        utf8 = Utf8Check.scan(state, frame.content());
        if (utf8 == Utf8Check.REJECT || (frame.isFinalFragment() && utf8 != 0)) {
            utf8 = 0;
            fragmentBytes = -1;
            releaseFragments();
            refuse(new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "bytes are not UTF-8"));
            return false;
        }
        return true;
    }

    /** Input the socket refuses: reported to the listener, which closes with its code; the connection then ends. */
    private void refuse(Throwable cause) {
        failed = true;
        if (listener != null) {
            listener.failed(cause);
        }
        ctx.close();
    }

    private void whole(boolean text, ByteBuf content) {
        if (listener == null) {
            return;
        }
        if (text) {
            listener.text(content == null ? "" : content.toString(StandardCharsets.UTF_8));
        } else {
            listener.binary(content == null ? new byte[0] : ByteBufUtil.getBytes(content));
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
        // A frame the decoder or the inflater refused, or the connection failed: the listener closes with the code,
        // then the connection ends, as with Vert.x. Netty's inflater says "decompression failure" with the zlib error
        // as cause for data that is not deflate, and nothing more for a frame that would not fit its buffer.
        if (cause instanceof DecompressionException inflater) {
            cause = inflater.getCause() instanceof DataFormatException
                    ? new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid compressed data")
                    : new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "inflated frame too big");
        }
        refuse(cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        ScheduledFuture<?> timeout = closingTimeout;
        if (timeout != null) {
            timeout.cancel(false);
            closingTimeout = null;
        }
        releaseFragments();
        releaseHeld();
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
        releaseHeld();
    }

    private void releaseHeld() {
        ArrayDeque<WebSocketFrame> frames = held;
        held = null;
        if (frames != null) {
            for (WebSocketFrame f : frames) {
                f.release();
            }
        }
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
        // The read under way may still decode frames after this: they wait in held.
        paused = true;
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void resume() {
        paused = false;
        // From a later turn of the loop, as Vert.x's socket does: whoever resumes finishes setting the session up first.
        ctx.executor().execute(this::drain);
    }

    /** Hands the frames that waited on, in order, then reads again, unless the socket paused again meanwhile. */
    private void drain() {
        while (!paused && held != null) {
            WebSocketFrame frame = held.poll();
            if (held.isEmpty()) {
                held = null;
            }
            read(frame);
        }
        if (!paused && ctx.channel().isActive()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** Set once, by the handshake that made this socket, before any frame is read. */
    void subProtocol(String selected) {
        subProtocol = selected == null ? null : selected.intern();
    }

    @Override
    public String subProtocol() {
        return subProtocol;
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
