package io.switchboard.bench.baseline;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * Picks a new socket's handler by its path once the handshake is done: {@code /ws/user/<id>} gets a
 * {@link UserSocketHandler}, any other {@code /ws…} an {@link EnvelopeHandler}; then it steps out of the pipeline.
 */
final class SocketRouter extends ChannelInboundHandlerAdapter {
    private final FanOut fanOut;
    private final UserSockets users;

    SocketRouter(FanOut fanOut, UserSockets users) {
        this.fanOut = fanOut;
        this.users = users;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            ChannelHandler socket = hc.requestUri().startsWith(UserSocketHandler.PREFIX)
                    ? new UserSocketHandler(users) : new EnvelopeHandler(fanOut, "bench");
            ctx.pipeline().addAfter(ctx.name(), "socket", socket);
            ctx.fireUserEventTriggered(evt);
            ctx.pipeline().remove(this);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
