package io.switchboard.server.eventloop;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.GenericFutureListener;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.VertxHandler;

/**
 * The Netty pipeline under a Vert.x HTTP connection, for the handlers Vert.x has no option for (see
 * {@code transport.HttpConnections}), and the way out of Vert.x for a connection served on Netty from then on
 * ({@code transport.NettyUpgrade}). The public API does not expose either; Vert.x's connection classes do.
 */
public final class ConnectionChannel {
    private ConnectionChannel() {
    }

    /** The connection's pipeline, or null for a connection of another implementation. */
    public static ChannelPipeline pipeline(HttpConnection connection) {
        return connection instanceof ConnectionBase base ? base.channelHandlerContext().pipeline() : null;
    }

    /**
     * The context of the connection's HTTP response encoder, or null (another implementation, or no encoder: an
     * upgraded connection). Bytes written through it enter the pipeline below the encoder: as raw bytes of the
     * response body, which the writer frames itself (HTTP/1.1 chunks), one buffer per write.
     */
    public static io.netty.channel.ChannelHandlerContext belowEncoder(HttpConnection connection) {
        ChannelPipeline pipeline = pipeline(connection);
        return pipeline == null ? null : pipeline.context("httpEncoder");
    }

    /**
     * Takes Vert.x's handler (named {@code name}) out of {@code pipeline}, and with it the promise its connection
     * listens to the channel's close with: that listener would otherwise keep Vert.x objects for as long as the
     * channel lives (issue 12). Vert.x never hears of the connection again. On the channel's event loop.
     */
    public static void leaveVertx(ChannelPipeline pipeline, String name) {
        ChannelHandler handler = pipeline.remove(name);
        ConnectionBase connection = handler instanceof VertxHandler<?> vertx ? vertx.getConnection() : null;
        if (connection != null && connection.closeFuture() instanceof GenericFutureListener<?> listener) {
            @SuppressWarnings("unchecked")
            GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> closeListener =
                    (GenericFutureListener<io.netty.util.concurrent.Future<? super Void>>) listener;
            pipeline.channel().closeFuture().removeListener(closeListener);
        }
    }
}
