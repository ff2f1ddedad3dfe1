package io.switchboard.server;

import io.switchboard.protocol.CloseCode;
import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.auth.SigningKey;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.broker.MemoryBroker;
import io.switchboard.server.broker.MemoryChannelHistory;
import io.switchboard.server.broker.RedisBroker;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.config.Settings;
import io.switchboard.server.gateway.ChannelHandlers;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.http.Cors;
import io.switchboard.server.http.DevTokenRoute;
import io.switchboard.server.http.HealthRoutes;
import io.switchboard.server.http.HttpErrors;
import io.switchboard.server.http.PublishRoute;
import io.switchboard.server.http.WriteRateLimit;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.inbox.InboxNotifier;
import io.switchboard.server.inbox.InboxRoute;
import io.switchboard.server.inbox.LocalInboxNotifier;
import io.switchboard.server.inbox.RedisInboxNotifier;
import io.switchboard.server.inbox.UserSocket;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.presence.MemoryPresence;
import io.switchboard.server.presence.Presence;
import io.switchboard.server.presence.RedisPresence;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.switchboard.server.store.Database;
import io.switchboard.server.store.NodeIdentity;
import io.switchboard.server.transport.ChannelSocketEndpoint;
import io.switchboard.server.transport.ConnectRateLimit;
import io.switchboard.server.transport.HttpVerticle;
import io.switchboard.server.transport.OriginPolicy;
import io.switchboard.server.transport.TlsFiles;
import io.switchboard.server.transport.TrustedProxies;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Switchboard node. The lifecycle reads as a sentence: {@code Switchboard.create(settings)},
 * {@code install(app)} for each app, {@code start()}, and {@code shutdown()}.
 */
public final class Switchboard {
    private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);

    private final Settings settings;
    private final List<SwitchboardApp> apps = new ArrayList<>();
    private final Vertx vertx;
    private final Metrics metrics = new Metrics();
    private volatile boolean shuttingDown;
    private TokenService tokens;
    private String apiKey;
    private Database database;
    private Broker broker;
    private Gateway gateway;
    private ChannelRegistry channels;
    private MemoryChannelHistory history;
    private Inbox inbox;
    private Presence presence;
    private InboxNotifier notifier;
    // With redis: the node's connections the broker, presence and the notifier share, and the presence, left at a
    // clean shutdown.
    private SharedRedis redis;
    private RedisPresence redisPresence;
    private RedisInboxNotifier redisNotifier;
    private String nodeId;
    private long historyTimer = -1;
    private String deploymentId;
    private String instanceId;
    private int port;

    private Switchboard(Settings settings) {
        this.settings = settings;
        this.vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(false));
    }

    /** A node for the settings; nothing runs until {@link #start()}. */
    public static Switchboard create(Settings settings) {
        return new Switchboard(settings);
    }

    /** Adds an app, mounted at start in the order installed. */
    public Switchboard install(SwitchboardApp app) {
        apps.add(app);
        return this;
    }

    /**
     * Opens the database, mounts the apps and listens. Blocks the calling thread until the node serves (or
     * fails): call it from {@code main} or a test, never from an event loop.
     */
    public Switchboard start() {
        try {
            HttpServerOptions options = serverOptions();
            tokens = new TokenService(SigningKey.resolve(settings.jwtSecret(), settings.dataDir()), Clock.systemUTC());
            apiKey = settings.apiKey() != null ? settings.apiKey()
                    : settings.devMode() ? SigningKey.readOrCreate(settings.dataDir().resolve("api-key"), 24) : null;
            database = Database.open(vertx, settings, metrics.registry());
            instanceId = NodeIdentity.load(database.dataSource());
            nodeId = settings.nodeId() != null ? settings.nodeId() : UUID.randomUUID().toString().substring(0, 13);
            int lanes = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
            ChannelPolicy policy = new ChannelPolicy(settings.channelHistory());
            broker = settings.redis() == null ? memoryBroker(policy, lanes) : redisBroker(policy, lanes);
            channels = new ChannelRegistry(broker, metrics);
            gateway = new Gateway(vertx, settings, metrics, tokens);
            // A recovery sends its publications at once: keep them well under the outbound queue's limit.
            ChannelHandlers channelHandlers = ChannelHandlers.install(gateway, channels, policy,
                    Math.max(1, settings.outboundQueueFrames() / 2));
            if (history != null) {
                historyTimer = vertx.setPeriodic(300_000, t -> history.evictIdle());
            }
            if (settings.redis() == null) {
                presence = new MemoryPresence();
                notifier = new LocalInboxNotifier();
            } else {
                createRedisPresence();
            }
            inbox = Inbox.create(vertx, settings, database, metrics, notifier);
            gateway.onSessionOpen(s -> presence.sessionOpened(s.userId(), s.id()));
            gateway.onSessionClose(s -> presence.sessionClosed(s.userId(), s.id()));

            OriginPolicy origins = new OriginPolicy(settings.allowedOrigins(), settings.devMode());
            Router router = Router.router(vertx);
            router.route().handler(Cors.handler(origins));
            router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(Math.max(settings.maxFrameBytes(), 1024 * 1024)));
            HttpErrors.install(router);
            WriteRateLimit.install(router, tokens, settings.restWriteRate(), settings.restWriteBurst(), metrics);
            HealthRoutes.mount(router, database, broker, metrics, () -> shuttingDown);
            PublishRoute.mount(router, channels, new ApiKeys(apiKey));
            InboxRoute.mount(router, inbox, new ApiKeys(apiKey));
            if (settings.devMode()) {
                DevTokenRoute.mount(router, tokens);
            }
            router.route("/demo/*").handler(StaticHandler.create("web/demo").setCachingEnabled(false));
            router.route("/client/*").handler(StaticHandler.create("web/client").setCachingEnabled(false));
            ConnectRateLimit connectLimit = new ConnectRateLimit(settings.connectRatePerIp(), settings.connectBurstPerIp(),
                    TrustedProxies.parse(settings.trustedProxies()), metrics);
            WebSocketRoutes sockets = new WebSocketRoutes(origins, () -> shuttingDown, connectLimit);
            sockets.add("/ws/?", new ChannelSocketEndpoint(tokens, gateway));
            UserSocket.mount(inbox, gateway, tokens, sockets, channelHandlers);

            AppContext context = new AppContext(vertx, settings, router, sockets, gateway, channels, policy, database,
                    broker, tokens, metrics, inbox, presence);
            for (SwitchboardApp app : apps) {
                app.mount(context);
                LOG.info("mounted app {}", app.name());
            }

            // After the apps listen to presence, before any session opens.
            startRedisPresence();
            port = settings.port() == 0 ? freePort(settings.host()) : settings.port();
            options.setPort(port);
            long grace = settings.shutdownGrace().toMillis();
            deploymentId = vertx.deployVerticle(() -> new HttpVerticle(options, router, sockets, grace),
                    new DeploymentOptions().setInstances(lanes)).await(60, TimeUnit.SECONDS);
            gateway.startHeartbeat();
            inbox.start();
            return this;
        } catch (Exception e) {
            close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
        }
    }

    /** The HTTP server's options but the port; checks the TLS files first, so that a bad one fails the start early. */
    private HttpServerOptions serverOptions() {
        int hardFrameLimit = Math.max(settings.maxFrameBytes() * 4, 256 * 1024);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(settings.host())
                .setMaxWebSocketFrameSize(hardFrameLimit)
                .setMaxWebSocketMessageSize(hardFrameLimit)
                .setWebSocketSubProtocols(List.of("switchboard"))
                .setWebSocketClosingTimeout(5)
                .setRegisterWebSocketWriteHandlers(false);
        return settings.tls() ? TlsFiles.apply(options, settings.tlsCert(), settings.tlsKey(), vertx) : options;
    }

    private Broker memoryBroker(ChannelPolicy policy, int lanes) {
        history = new MemoryChannelHistory(policy::history);
        return new MemoryBroker(vertx, lanes, history);
    }

    /**
     * Channels and their history through Redis. A node whose Redis does not answer yet starts anyway, not ready
     * ({@code /health/ready} says the broker is down), and connects as soon as Redis does.
     */
    private Broker redisBroker(ChannelPolicy policy, int lanes) {
        redis = SharedRedis.create(vertx, settings.redis(), new RedisKeys(settings.redisPrefix()), nodeId);
        RedisBroker broker = RedisBroker.create(redis, policy::history, lanes);
        try {
            redis.start().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Redis does not answer yet ({}); the node starts not ready and keeps trying", e.getMessage());
        }
        return broker;
    }

    /**
     * Presence and the live push of user events across nodes, through Redis: this node's sessions under its node
     * id, and one topic per user with a socket here, on the node's shared connections (see {@link #redisBroker}).
     * Nothing is recorded until {@link #startRedisPresence()}.
     */
    private void createRedisPresence() {
        redisPresence = RedisPresence.create(redis, settings.presenceTtl());
        redisNotifier = RedisInboxNotifier.create(redis);
        presence = redisPresence;
        notifier = redisNotifier;
    }

    /** Registers this node's presence; a Redis that does not answer yet is retried in the background. */
    private void startRedisPresence() {
        if (redisPresence == null) {
            return;
        }
        try {
            redisPresence.start().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Redis presence does not answer yet ({}); the node keeps trying", e.getMessage());
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    /**
     * Stops gracefully: new connections are refused, every session is closed with 1001, in-flight requests and
     * writes get the configured grace, then the database and Vert.x close. Blocks the calling thread.
     */
    public void shutdown() {
        if (shuttingDown) {
            return;
        }
        shuttingDown = true;
        long grace = settings.shutdownGrace().toMillis();
        try {
            leavePresence(5_000);
            if (gateway != null) {
                gateway.closeAll(CloseCode.GOING_AWAY, grace).await(grace + 5_000, TimeUnit.MILLISECONDS);
            }
            if (deploymentId != null) {
                vertx.undeploy(deploymentId).await(grace + 5_000, TimeUnit.MILLISECONDS);
            }
            if (inbox != null) {
                inbox.stop().await(grace + 5_000, TimeUnit.MILLISECONDS);
            }
            if (database != null && !database.drain(settings.shutdownGrace())) {
                LOG.warn("database work still in flight after {} ms; closing anyway", grace);
            }
        } catch (Exception e) {
            LOG.warn("shutdown did not finish cleanly: {}", e.toString());
        }
        close();
    }

    /**
     * Before the sockets close: the other nodes take this node's sessions at their next reaper pass, rather than when
     * its entries expire, and announce the users who did not reconnect elsewhere meanwhile.
     */
    private void leavePresence(long timeoutMillis) {
        if (redisPresence == null) {
            return;
        }
        try {
            redisPresence.leave().await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("could not remove this node's presence ({}); other nodes reap it when it expires", e.toString());
        }
    }

    private void close() {
        shuttingDown = true;
        try {
            if (historyTimer >= 0) {
                vertx.cancelTimer(historyTimer);
            }
            if (inbox != null) {
                inbox.stop();
            }
            if (broker != null) {
                try {
                    broker.close().await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("the broker did not close cleanly: {}", e.toString());
                }
            }
            if (redisPresence != null) {
                try {
                    Future.join(redisPresence.close(), redisNotifier.close()).await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("Redis presence did not close cleanly: {}", e.toString());
                }
            }
            if (redis != null) {
                try {
                    redis.close().await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    LOG.warn("the Redis connections did not close cleanly: {}", e.toString());
                }
            }
            if (database != null) {
                database.close();
            }
        } finally {
            vertx.close().await();
        }
    }

    /** The port the node listens on. */
    public int port() {
        return port;
    }

    /** The settings. */
    public Settings settings() {
        return settings;
    }

    /** Token issuing and verification with the node's key. */
    public TokenService tokens() {
        return tokens;
    }

    /** The API key for backend calls, or null when none is configured. */
    public String apiKey() {
        return apiKey;
    }

    /** The meters. */
    public Metrics metrics() {
        return metrics;
    }

    /** The gateway (message handlers, sessions). */
    public Gateway gateway() {
        return gateway;
    }

    /** Durable per-user events. */
    public Inbox inbox() {
        return inbox;
    }

    /** Who is online: on this node, or with {@code redis} on every node of the deployment. */
    public Presence presence() {
        return presence;
    }

    /** This process's id among the nodes: the {@code node-id} setting, or random at each start. */
    public String nodeId() {
        return nodeId;
    }

    /** The broker that carries publications between nodes (memory for one node, Redis for many). */
    public Broker broker() {
        return broker;
    }

    /** The channel registry (publish, subscriber counts). */
    public ChannelRegistry channels() {
        return channels;
    }

    /** The database. */
    public Database database() {
        return database;
    }

    /** This database's stable instance id, created on first start. */
    public String instanceId() {
        return instanceId;
    }

    /** The Vert.x instance. */
    public Vertx vertx() {
        return vertx;
    }
}
