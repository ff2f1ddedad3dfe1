package io.switchboard.bench.baseline;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * Plain HTTP beside the sockets: {@code /health/*} answers 200 so that the bench scripts can wait for readiness, and
 * {@code /api/dev/token} a token nobody checks, so that the inbox generator gets one per user as from Switchboard.
 */
final class HealthHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean health = request.uri().startsWith("/health/");
        boolean token = request.uri().startsWith("/api/dev/token");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                health || token ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND,
                Unpooled.copiedBuffer(health ? "{\"status\":\"ready\"}" : token ? "{\"token\":\"unchecked\"}" : "{}",
                        StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        // Kept alive when asked: the generator fetches its tokens through a pool of kept-alive connections.
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        if (HttpUtil.isKeepAlive(request)) {
            ctx.writeAndFlush(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
