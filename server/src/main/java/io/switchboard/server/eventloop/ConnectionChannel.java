package io.switchboard.server.eventloop;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * The Netty pipeline under a Vert.x HTTP connection, for the handlers Vert.x has no option for (see
 * {@code transport.HttpConnections}). The public API does not expose it; Vert.x's connection classes do.
 */
public final class ConnectionChannel {
    private ConnectionChannel() {
    }

    /** The connection's pipeline, or null for a connection of another implementation. */
    public static ChannelPipeline pipeline(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channelHandlerContext().pipeline() : null;
    }
}
