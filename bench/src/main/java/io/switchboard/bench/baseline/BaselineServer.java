package io.switchboard.bench.baseline;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The baseline server on Netty's own event loops (epoll where it loads, else NIO): a WebSocket at {@code /ws} with
 * {@link EnvelopeHandler} on each socket and {@link FanOut} between them; per-user sockets at {@code /ws/user/<id>}
 * ({@link UserSocketHandler}) that {@code POST /api/inbox/push} ({@link PushHandler}) sends to through
 * {@link UserSockets}; {@code /health/*} for the scripts.
 */
final class BaselineServer implements AutoCloseable {
    /**
     * A subscriber may hold this many unsent bytes before it is closed with 4100: far above what a reading client
     * reaches, so that only a stalled one is closed (Switchboard allows 1,024 queued frames).
     */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(8 << 20, 16 << 20);

    private final EventLoopGroup group;
    private final Channel listener;
    private final String transport;

    private BaselineServer(EventLoopGroup group, Channel listener, String transport) {
        this.group = group;
        this.listener = listener;
        this.transport = transport;
    }

    /** Binds {@code host:port} with {@code threads} event loops; {@code nio} true forces NIO. Blocks until bound. */
    static BaselineServer start(String host, int port, int threads, boolean nio) throws InterruptedException {
        boolean epoll = !nio && Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, io);
        FanOut fanOut = new FanOut(group);
        UserSockets users = new UserSockets(group);
        WebSocketServerProtocolConfig ws = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath("/ws").checkStartsWith(true).subprotocols("switchboard")
                .maxFramePayloadLength(256 * 1024).build();
        try {
            Channel listener = new ServerBootstrap().group(group).channel(channelType)
                    .option(ChannelOption.SO_BACKLOG, 8192)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            // A push request's body may be up to 1 MiB.
                            ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 20),
                                    new WebSocketServerProtocolHandler(ws), new SocketRouter(fanOut, users),
                                    new PushHandler(users), new HealthHandler());
                        }
                    })
                    .bind(host, port).sync().channel();
            return new BaselineServer(group, listener, epoll ? "epoll" : "nio");
        } catch (InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            throw e;
        }
    }

    /** {@code epoll} or {@code nio}. */
    String transport() {
        return transport;
    }

    /** The address it listens on. */
    String address() {
        return listener.localAddress().toString();
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
