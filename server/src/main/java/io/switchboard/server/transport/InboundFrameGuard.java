package io.switchboard.server.transport;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.compression.DecompressionException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.zip.DataFormatException;

/**
 * What the WebSocket codec lets through and RFC 6455 forbids, caught between the codec (and the inflater, when
 * permessage-deflate was agreed) and Vert.x:
 *
 * <ul>
 *   <li>a frame with an RSV bit still set: no extension claimed it (the inflater clears RSV1 of the frames it
 *       inflates), so it would be read as if the bit meant nothing. Fails the socket with 1002;</li>
 *   <li>a frame the inflater refused: over its bound (1009) or not deflate data at all (1007).</li>
 * </ul>
 *
 * A failure travels as a {@link CorruptedWebSocketFrameException} to the socket's exception handler, which closes
 * with the exception's code (the gateway's does); Vert.x then ends the connection. Data frames after it are
 * dropped. Invalid UTF-8 in text messages is Netty's {@code Utf8FrameValidator}'s to refuse, right after this.
 *
 * <p>Vert.x closes the channel right after the exception handler ran, and holds back the flush of what is written
 * while it reads: the close frame the handler wrote would be dropped whenever an earlier frame of the same read
 * reached Vert.x. A close passing here flushes first.
 */
final class InboundFrameGuard extends ChannelDuplexHandler {
    private boolean failed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof WebSocketFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed && !(frame instanceof CloseWebSocketFrame)) {
            frame.release();
            return;
        }
        if (frame.rsv() != 0) {
            frame.release();
            failed = true;
            throw new CorruptedWebSocketFrameException(WebSocketCloseStatus.PROTOCOL_ERROR,
                    "RSV bits set without a negotiated extension");
        }
        ctx.fireChannelRead(frame);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecompressionException inflater) {
            failed = true;
            // Netty's inflater says "decompression failure" with the zlib error as cause for data that is not
            // deflate, and nothing more for a frame that would not fit its buffer.
            cause = inflater.getCause() instanceof DataFormatException
                    ? new CorruptedWebSocketFrameException(WebSocketCloseStatus.INVALID_PAYLOAD_DATA, "invalid compressed data")
                    : new CorruptedWebSocketFrameException(WebSocketCloseStatus.MESSAGE_TOO_BIG, "inflated frame too big");
        }
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ctx.flush();
        ctx.close(promise);
    }
}
