package io.switchboard.server;

import io.micrometer.core.instrument.Gauge;
import io.switchboard.protocol.CloseCode;
import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.AppServices;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.app.WebMounts;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.broker.Broker;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.gateway.Gateway;
import io.switchboard.server.http.ApiKeys;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.presence.Presence;
import io.switchboard.server.store.Database;
import io.switchboard.server.transport.NetworkTransport;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Switchboard node. The lifecycle reads as a sentence: {@code Switchboard.create(settings)},
 * {@code install(app)} for each app, {@code start()}, and {@code shutdown()}. What {@code start()} builds is
 * fixed from then on; the parts it built are not there before it.
 */
public final class Switchboard {
    private static final Logger LOG = LoggerFactory.getLogger(Switchboard.class);
    /** One HTTP server and one broker lane per event loop. */
    private static final int LANES = VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;

    private final SettingValues values;
    private final Settings settings;
    private final List<SwitchboardApp> apps = new CopyOnWriteArrayList<>();
    private final Vertx vertx;
    private final NetworkTransport transport;
    private final Metrics metrics = new Metrics();
    private final Closer closer = new Closer();
    private volatile Running running;
    private volatile boolean shuttingDown;

    /** What {@link #start()} built: the engine and the servers listening. */
    private record Running(Engine engine, HttpListener http) {
    }

    private Switchboard(SettingValues values) {
        this.values = values;
        this.settings = Settings.from(values);
        NetworkTransport.Built built = NetworkTransport.create(new VertxOptions(), settings.server().networkTransport());
        this.vertx = built.vertx();
        this.transport = built.transport();
        LOG.info("network transport: {} ({})", transport.name(), transport.reason());
        Gauge.builder("switchboard_network_transport", () -> 1).tag("transport", transport.name())
                .description("the socket I/O the event loops run on (epoll, io_uring or nio), always 1")
                .register(metrics.registry());
    }

    /**
     * A node for the settings; nothing runs until {@link #start()}. Refuses a bad engine setting at once; an app's
     * setting, and one that nobody declares, when it starts.
     */
    public static Switchboard create(SettingValues settings) {
        return new Switchboard(settings);
    }

    /** Adds an app, mounted at start in the order installed. */
    public Switchboard install(SwitchboardApp app) {
        if (running != null) {
            throw new IllegalStateException("install apps before the node starts");
        }
        apps.add(app);
        return this;
    }

    /**
     * Opens the database, mounts the apps and listens. Blocks the calling thread until the node serves (or
     * fails): call it from {@code main} or a test, never from an event loop.
     */
    public Switchboard start() {
        if (running != null) {
            throw new IllegalStateException("the node is already started");
        }
        try {
            checkSettings();
            HttpServerOptions options = HttpListener.options(settings.server(), settings.gateway().maxFrameBytes(), vertx);
            HttpListener.requireFree(settings.server().host(), settings.server().port());
            Engine engine = Engine.open(vertx, settings, metrics, LANES, closer, () -> shuttingDown);
            WebMounts web = NodeRoutes.mount(vertx, settings, engine, metrics, () -> shuttingDown);
            mountApps(engine, web);
            // After the apps listen to presence, before any session opens.
            engine.backplane().join();
            HttpListener http = HttpListener.listen(vertx, options, settings.server(), web, metrics.registry(),
                    settings.shutdownGrace().toMillis(), LANES);
            engine.gateway().startHeartbeat();
            engine.inbox().start();
            running = new Running(engine, http);
            LOG.info("started: listening on {}:{} ({}, apps {})", settings.server().host(), http.port(),
                    settings.devMode() ? "development mode" : "production mode", enabledApps().stream()
                            .map(SwitchboardApp::name).toList());
            return this;
        } catch (Exception e) {
            close();
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("the server did not start: " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a setting that neither the engine nor an installed app reads (a typo), an {@code apps} list naming an
     * app that is not installed (or none in production), then a bad value of a mounted app's. An app that is
     * installed but off keeps its settings known, so that turning it off needs no other change.
     */
    private void checkSettings() {
        checkSettings(values, settings, apps);
    }

    /**
     * Checks settings as {@link #start()} does before it opens anything, without starting anything: the engine's
     * values, the keys that nobody declares, the {@code apps} list, the mounted apps' values and the TLS files.
     * Throws {@link InvalidSettingException} naming the first bad one.
     */
    public static void check(SettingValues values, List<SwitchboardApp> apps) {
        Settings settings = Settings.from(values);
        checkSettings(values, settings, apps);
        HttpListener.checkTls(settings.server());
    }

    private static void checkSettings(SettingValues values, Settings settings, List<SwitchboardApp> apps) {
        Set<String> known = new LinkedHashSet<>(Settings.ACCEPTED);
        apps.forEach(app -> known.addAll(app.settingKeys()));
        values.requireKnown(new ArrayList<>(known));
        enabledApps(settings, apps).forEach(app -> app.checkSettings(values));
    }

    /** The installed apps the {@code apps} setting turns on, in the order installed. */
    private List<SwitchboardApp> enabledApps() {
        return enabledApps(settings, apps);
    }

    private static List<SwitchboardApp> enabledApps(Settings settings, List<SwitchboardApp> apps) {
        List<String> names = settings.apps();
        List<String> installed = apps.stream().map(SwitchboardApp::name).toList();
        if (names == null) {
            if (!settings.devMode() && !apps.isEmpty()) {
                throw new InvalidSettingException("apps", "must list the apps to run in production (dev=false), "
                        + "comma-separated from " + String.join(",", installed) + ", or none");
            }
            return List.copyOf(apps);
        }
        for (String name : names) {
            if (!installed.contains(name)) {
                throw new InvalidSettingException("apps", "unknown app '" + name + "'; the apps are "
                        + String.join(",", installed) + ", or none");
            }
        }
        return apps.stream().filter(app -> names.contains(app.name())).toList();
    }

    private void mountApps(Engine engine, WebMounts web) {
        AppContext context = new AppContext(vertx, values, web, engine.gateway(), engine.channels(), engine.policy(),
                engine.database(), engine.tokens(), metrics, engine.inbox(), engine.backplane().presence(), engine.socketIo(), new AppServices(),
                new ApiKeys(engine.apiKey()));
        for (SwitchboardApp app : enabledApps()) {
            app.mount(context);
            LOG.info("mounted app {}", app.name());
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
        long started = System.nanoTime();
        Running node = running;
        if (node != null) {
            LOG.info("shutting down: closing {} sockets with 1001, then waiting up to {} ms for work in flight",
                    node.engine().gateway().sessions().size(), settings.shutdownGrace().toMillis());
            drain(node);
        }
        close();
        LOG.info("stopped after {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    private void drain(Running node) {
        long grace = settings.shutdownGrace().toMillis();
        try {
            node.engine().backplane().leave();
            node.engine().socketIo().closeAll(grace);
            node.engine().gateway().closeAll(CloseCode.GOING_AWAY, grace).await(grace + 5_000, TimeUnit.MILLISECONDS);
            vertx.undeploy(node.http().deploymentId()).await(grace + 5_000, TimeUnit.MILLISECONDS);
            node.engine().inbox().stop().await(grace + 5_000, TimeUnit.MILLISECONDS);
            if (!node.engine().database().drain(settings.shutdownGrace())) {
                LOG.warn("database work still in flight after {} ms; closing anyway", grace);
            }
        } catch (Exception e) {
            LOG.warn("shutdown did not finish cleanly: {}", e.toString());
        }
    }

    private void close() {
        shuttingDown = true;
        try {
            closer.closeAll();
        } finally {
            vertx.close().await();
        }
    }

    private Engine engine() {
        Running node = running;
        if (node == null) {
            throw new IllegalStateException("the node is not started");
        }
        return node.engine();
    }

    /** The port the node listens on; the one the OS picked when the setting is 0. */
    public int port() {
        Running node = running;
        if (node == null) {
            throw new IllegalStateException("the node is not started");
        }
        return node.http().port();
    }

    /** The engine's settings. */
    public Settings settings() {
        return settings;
    }

    /** Token issuing and verification with the node's key. */
    public TokenService tokens() {
        return engine().tokens();
    }

    /** The API key for backend calls, or null when none is configured. */
    public String apiKey() {
        return engine().apiKey();
    }

    /** The meters. */
    public Metrics metrics() {
        return metrics;
    }

    /** The gateway (message handlers, sessions). */
    public Gateway gateway() {
        return engine().gateway();
    }

    /** The Socket.IO server. */
    public io.switchboard.server.socketio.SocketIoServer socketIo() {
        return engine().socketIo();
    }

    /** Durable per-user events. */
    public Inbox inbox() {
        return engine().inbox();
    }

    /** Who is online: on this node, or with {@code redis} on every node of the deployment. */
    public Presence presence() {
        return engine().backplane().presence();
    }

    /** This process's id among the nodes: the {@code node-id} setting, or random at each start. */
    public String nodeId() {
        return engine().nodeId();
    }

    /** The broker that carries publications between nodes (memory for one node, Redis for many). */
    public Broker broker() {
        return engine().backplane().broker();
    }

    /** The channel registry (publish, subscriber counts). */
    public ChannelRegistry channels() {
        return engine().channels();
    }

    /** The database. */
    public Database database() {
        return engine().database();
    }

    /** The channel namespaces and their rules. */
    public io.switchboard.server.channel.ChannelPolicy channelPolicy() {
        return engine().policy();
    }

    /** Presence and history of channels across the nodes, as the server API reads them. */
    public io.switchboard.server.channel.ChannelReads channelReads() {
        return engine().channelReads();
    }

    /** The socket's channel handlers: among them the server's own unsubscribe of a session ({@code ChannelHandlers.end}). */
    public io.switchboard.server.gateway.ChannelHandlers channelHandlers() {
        return engine().channelHandlers();
    }

    /** This database's stable instance id, created on first start. */
    public String instanceId() {
        return engine().instanceId();
    }

    /** The socket I/O the node's event loops run on, as read back from its Vert.x instance. */
    public NetworkTransport transport() {
        return transport;
    }

    /** The Vert.x instance. */
    public Vertx vertx() {
        return vertx;
    }
}
