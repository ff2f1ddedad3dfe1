package io.switchboard.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The two clocks of an HTTP/1.1 connection, which Vert.x does not have (its idle timeout would also end idle
 * WebSockets): a request must arrive whole, head and body, within {@code requestNanos} of its first byte, and a
 * connection waiting for its next request (since it opened, or since the last response ended) is closed after
 * {@code idleNanos}. While the server works on a request nothing is timed: that is the server's time, not the
 * client's. A connection past either deadline is closed without an answer; one upgraded to a WebSocket drops both
 * clocks, the gateway's heartbeat takes over.
 *
 * <p>It needs two places in the pipeline: {@link #bytes()} before the HTTP decoder sees the first byte of a request
 * (a partial head never reaches the decoder's output), {@link #messages()} after it sees where requests and
 * responses end. Both run on the connection's event loop; one check is scheduled at a time.
 */
final class HttpDeadlines {
    private final long requestNanos;
    private final long idleNanos;
    private final Runnable onRequestTimeout;
    private final Runnable onIdleTimeout;
    private ChannelHandlerContext ctx;
    private final ChannelHandler bytes = new Bytes();
    private final ChannelHandler messages = new Messages();
    private boolean reading;
    private long readingSince;
    private long idleSince;
    /** Requests read to their end, and responses written to theirs: more of the first means the server is at work. */
    private long requestsRead;
    private long responsesEnded;
    /** The next check, while one is scheduled. */
    private ScheduledFuture<?> nextCheck;
    private boolean done;

    /** Clocks of {@code requestNanos} and {@code idleNanos}; each callback runs when its clock closes the connection. */
    HttpDeadlines(long requestNanos, long idleNanos, Runnable onRequestTimeout, Runnable onIdleTimeout) {
        this.requestNanos = requestNanos;
        this.idleNanos = idleNanos;
        this.onRequestTimeout = onRequestTimeout;
        this.onIdleTimeout = onIdleTimeout;
    }

    /** The handler that goes before the HTTP decoder. */
    ChannelHandler bytes() {
        return bytes;
    }

    /** The handler that goes after the HTTP decoder and encoder, before Vert.x. */
    ChannelHandler messages() {
        return messages;
    }

    private void started(ChannelHandlerContext context) {
        if (ctx == null) {
            ctx = context;
            idleSince = System.nanoTime();
            schedule(Math.min(idleNanos, requestNanos));
        }
    }

    private void requestBytes() {
        if (!reading) {
            reading = true;
            readingSince = System.nanoTime();
        }
    }

    private void requestEnded() {
        reading = false;
        requestsRead++;
    }

    private void responseEnded() {
        responsesEnded++;
        if (responsesEnded >= requestsRead) {
            long now = System.nanoTime();
            idleSince = now;
            if (reading) {
                // A pipelined request read while the server was busy: its clock starts now.
                readingSince = now;
            }
            schedule(Math.min(idleNanos, requestNanos));
        }
    }

    private void schedule(long delayNanos) {
        if (nextCheck == null && !done) {
            nextCheck = ctx.executor().schedule(this::check, Math.max(delayNanos, 1), TimeUnit.NANOSECONDS);
        }
    }

    // While the connection waits, a check comes at least every requestNanos: a request that starts meanwhile is
    // then seen in time to be closed at its own deadline, without a timer set (and cancelled) per request.
    private void check() {
        nextCheck = null;
        if (done || !ctx.channel().isActive() || responsesEnded < requestsRead) {
            return;
        }
        long now = System.nanoTime();
        long left = reading ? readingSince + requestNanos - now : idleSince + idleNanos - now;
        if (left <= 0) {
            done = true;
            (reading ? onRequestTimeout : onIdleTimeout).run();
            ctx.channel().close();
        } else {
            schedule(reading ? left : Math.min(left, requestNanos));
        }
    }

    private void upgraded() {
        done = true;
        // A scheduled check would hold these clocks, their handlers and contexts until the idle deadline (issue 12).
        if (nextCheck != null) {
            nextCheck.cancel(false);
            nextCheck = null;
        }
        ctx.pipeline().remove(bytes);
        ctx.pipeline().remove(messages);
    }

    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void handlerAdded(ChannelHandlerContext context) {
            if (context.channel().isActive()) {
                started(context);
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext context) {
            started(context);
            context.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            if (msg instanceof ByteBuf buf && buf.isReadable()) {
                requestBytes();
            }
            context.fireChannelRead(msg);
        }
    }

    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext context, Object msg) {
            if (msg instanceof HttpRequest) {
                // The head of a request that came in the same read as the end of the one before.
                requestBytes();
            }
            if (msg instanceof LastHttpContent) {
                requestEnded();
            }
            context.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
            boolean upgrade = msg instanceof HttpResponse response
                    && response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
            // A 100 Continue (or 103) is written as a whole response of its own, before the real one.
            boolean ended = msg instanceof LastHttpContent && !(msg instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL);
            context.write(msg, promise);
            if (upgrade) {
                upgraded();
            } else if (ended) {
                responseEnded();
            }
        }
    }
}
