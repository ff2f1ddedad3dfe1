package io.switchboard.server;

import io.switchboard.server.admin.AdminRoutes;
import io.switchboard.server.app.WebMounts;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.http.Cors;
import io.switchboard.server.http.DevTokenRoute;
import io.switchboard.server.http.HealthRoutes;
import io.switchboard.server.http.HttpErrors;
import io.switchboard.server.http.PublishRoute;
import io.switchboard.server.http.WriteRateLimit;
import io.switchboard.server.inbox.InboxPushRoute;
import io.switchboard.server.inbox.InboxRoute;
import io.switchboard.server.inbox.UserSocket;
import io.switchboard.server.logs.AccessLog;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.serverapi.ServerApiRoutes;
import io.switchboard.server.stream.StreamRoutes;
import io.switchboard.server.transport.ChannelSocketEndpoint;
import io.switchboard.server.transport.ConnectRateLimit;
import io.switchboard.server.transport.OriginPolicy;
import io.switchboard.server.transport.ServerSettings;
import io.switchboard.server.transport.TrustedProxies;
import io.switchboard.server.transport.UnauthenticatedSockets;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.Supplier;

/** The engine's own HTTP routes and WebSocket endpoints, on which the apps then mount theirs. */
final class NodeRoutes {
    private NodeRoutes() {
    }

    /** The router (CORS, JSON errors, body limit, REST write rate, health, publish, inbox, demo pages) and sockets. */
    static WebMounts mount(Vertx vertx, Settings settings, Engine engine, Metrics metrics, Supplier<Boolean> shuttingDown) {
        ServerSettings server = settings.server();
        OriginPolicy origins = new OriginPolicy(server.allowedOrigins(), settings.devMode());
        ApiKeys apiKeys = new ApiKeys(engine.apiKey());
        Router router = Router.router(vertx);
        if (settings.logs().accessLog()) {
            AccessLog.install(router);
        }
        router.route().handler(Cors.handler(origins));
        router.route("/api/*").handler(BodyHandler.create(false)
                .setBodyLimit(Math.max(settings.gateway().maxFrameBytes(), 1024 * 1024)));
        HttpErrors.install(router);
        WriteRateLimit.install(router, engine.tokens(), settings.rest().writeRate(), settings.rest().writeBurst(), metrics);
        HealthRoutes.mount(router, engine.database(), engine.backplane().broker(), metrics, shuttingDown, settings.metricsToken());
        PublishRoute.mount(router, engine.channels(), engine.policy(), engine.gateway().outboundBudget(), metrics, apiKeys, engine.idempotency());
        InboxRoute.mount(router, engine.inbox(), apiKeys);
        InboxPushRoute.mount(router, engine.inbox(), apiKeys);
        ServerApiRoutes serverApi = ServerApiRoutes.mount(router, apiKeys, engine.backplane().control(), engine.channels(),
                engine.policy(), engine.channelReads(), engine.gateway(), engine.socketIo(), metrics);
        AdminRoutes.mount(router, settings.admin(), settings.dataDir(), serverApi,
                engine.backplane().control(), metrics, server.proxies());
        if (settings.devMode()) {
            DevTokenRoute.mount(router, engine.tokens());
            // The demos sign in through the development token endpoint; a production node has no use for them.
            router.route("/demo/*").handler(StaticHandler.create("web/demo").setCachingEnabled(false));
        }
        router.route("/client/*").handler(StaticHandler.create("web/client").setCachingEnabled(false));

        TrustedProxies proxies = server.proxies();
        ConnectRateLimit connectLimit = new ConnectRateLimit(server.connectRatePerIp(), server.connectBurstPerIp(), proxies, metrics);
        WebSocketRoutes sockets = new WebSocketRoutes(origins, shuttingDown, connectLimit,
                new UnauthenticatedSockets(server.maxUnauthenticatedSockets()));
        sockets.add("/ws/?", new ChannelSocketEndpoint(engine.tokens(), engine.gateway(), engine.hooks()));
        UserSocket.mount(engine.inbox(), engine.gateway(), engine.tokens(), sockets, engine.channelHandlers());
        engine.socketIo().mount(router, sockets);
        StreamRoutes.mount(vertx, router, sockets, engine.tokens(), engine.gateway(), engine.hooks(),
                engine.backplane().control(), settings.streams());
        return new WebMounts(router, sockets, proxies);
    }
}
