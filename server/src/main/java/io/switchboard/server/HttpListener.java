package io.switchboard.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.protocol.SubProtocols;
import io.switchboard.server.app.WebMounts;
import io.switchboard.server.transport.HttpConnections;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.transport.HttpVerticle;
import io.switchboard.server.transport.ServerSettings;
import io.switchboard.server.transport.TlsFiles;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The node's HTTP servers: one {@link HttpVerticle} per event loop on one port.
 *
 * @param deploymentId the verticles' deployment, undeployed at shutdown
 * @param port         the port they listen on, read back from the bound socket
 */
record HttpListener(String deploymentId, int port) {
    /**
     * A port that lets the OS choose once for all instances: Vert.x binds the first server with a negative port on a
     * random port and the servers after it, with the same negative port, share that socket. Port 0 would give each
     * instance a port of its own.
     */
    private static final int SHARED_RANDOM_PORT = -1;

    /**
     * The HTTP server's options but the port; checks the TLS files first, so that a bad one fails the start before
     * anything else is built. Reads files: call it off the event loops.
     */
    static HttpServerOptions options(ServerSettings server, int maxFrameBytes, Vertx vertx) {
        int hardFrameLimit = Math.max(maxFrameBytes * 4, 256 * 1024);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(server.host())
                .setMaxWebSocketFrameSize(hardFrameLimit)
                .setMaxWebSocketMessageSize(hardFrameLimit)
                .setWebSocketSubProtocols(List.of(SubProtocols.JSON, SubProtocols.MSGPACK))
                // deflate-frame is an old draft; permessage-deflate stays on so that the codec lets RSV1 through,
                // and HttpConnections replaces Vert.x's inflater with a bounded one.
                .setPerFrameWebSocketCompressionSupported(false)
                // HTTP/2 over cleartext would set the connection up only once bytes arrive, past the reach of
                // HttpConnections (timeouts, framing checks): the node speaks HTTP/1.1, and HTTP/2 never over TLS.
                .setHttp2ClearTextEnabled(false)
                .setWebSocketClosingTimeout(5)
                .setRegisterWebSocketWriteHandlers(false)
                // Strict: an HTTP connection writes only from its event loop and so has no queue for other threads'
                // writes, a 4 KB array per connection that a WebSocket upgraded from it keeps for its whole life
                // (issue 12). Every response goes through RequestLoop for this reason.
                .setStrictThreadMode(true);
        return server.tls() ? TlsFiles.apply(options, server.tlsCert(), server.tlsKey(), vertx) : options;
    }

    /** Reads the TLS files as {@link #options} does, without building a server; nothing when TLS is off. */
    static void checkTls(ServerSettings server) {
        if (server.tls()) {
            TlsFiles.apply(new HttpServerOptions(), server.tlsCert(), server.tlsKey(), null);
        }
    }

    /**
     * Refuses the start, naming the address, when another process listens on it: checked before the database and
     * the apps open, so that the refusal is the first and only thing that happens. A socket in TIME_WAIT does not
     * count (the probe reuses the address, as the server does).
     */
    static void requireFree(String host, int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
        } catch (BindException e) {
            throw inUse(host, port);
        } catch (IOException e) {
            // Not a port held by someone else (an unknown host, say): the listen itself says what it is.
        }
    }

    private static InvalidSettingException inUse(String host, int port) {
        return new InvalidSettingException("port", host + ":" + port + " is already in use by another process "
                + "(Address already in use); nothing was started");
    }

    /** Deploys {@code lanes} servers on the settings' port (0: one the OS picks) and waits until they listen. Blocks. */
    static HttpListener listen(Vertx vertx, HttpServerOptions options, ServerSettings settings, WebMounts web,
                               MeterRegistry registry, long graceMillis, int lanes) throws Exception {
        int port = settings.port();
        HttpServerOptions bound = new HttpServerOptions(options).setPort(port == 0 ? SHARED_RANDOM_PORT : port);
        HttpConnections connections = new HttpConnections(bound, settings, web.sockets(), registry);
        List<HttpVerticle> servers = new CopyOnWriteArrayList<>();
        String deploymentId;
        try {
            deploymentId = vertx.deployVerticle(() -> {
                HttpVerticle server = new HttpVerticle(bound, web.router(), web.sockets(), connections, graceMillis);
                servers.add(server);
                return server;
            }, new DeploymentOptions().setInstances(lanes)).await(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            // Taken since requireFree looked: the apps are mounted by now, and the node stops them again. Netty's
            // epoll transport reports it as an IOException saying so rather than a BindException.
            if (e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                throw inUse(options.getHost(), port);
            }
            throw e;
        }
        int actual = servers.get(0).actualPort();
        if (servers.stream().anyMatch(server -> server.actualPort() != actual)) {
            throw new IllegalStateException("the HTTP servers of this node listen on different ports");
        }
        return new HttpListener(deploymentId, actual);
    }
}
