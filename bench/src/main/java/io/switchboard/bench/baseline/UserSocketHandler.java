package io.switchboard.bench.baseline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.UUID;

/**
 * A socket on {@code /ws/user/<id>}: on open it joins {@link UserSockets} under the id of its path and sends the
 * {@code connection_established} frame Switchboard sends (the inbox generator waits for it); then it only receives
 * what is pushed to its user. No token is checked, nothing is stored or replayed, what the client sends is dropped.
 */
final class UserSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
    static final String PREFIX = "/ws/user/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final UserSockets users;
    private String user;
    private BatchWrites.Target self;

    UserSocketHandler(UserSockets users) {
        this.users = users;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete hc) {
            String path = new QueryStringDecoder(hc.requestUri()).path();
            user = path.substring(PREFIX.length(), path.endsWith("/") ? path.length() - 1 : path.length());
            self = users.add(user, ctx.channel());
            ctx.writeAndFlush(new TextWebSocketFrame("{\"type\":\"connection_established\",\"data\":{\"session_id\":\""
                    + UUID.randomUUID() + "\",\"user_id\":" + JSON.writeValueAsString(user) + "}}"));
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        // Acks, pings and the like: the baseline has nothing to answer them with.
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (self != null) {
            users.remove(user, self);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
