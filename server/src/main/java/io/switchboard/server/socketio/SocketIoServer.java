package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.channel.ChannelAction;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.gateway.GatewayLimits;
import io.switchboard.server.inbox.Delivery;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.protocol.CloseCode;
import io.switchboard.server.limits.ConnectionLimiter;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.limits.TokenBucket;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.outbound.LoopWriter;
import io.switchboard.server.presence.Presence;
import io.switchboard.server.transport.WebSocketRoutes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Socket.IO v5 over Engine.IO v4 on the engine: clients of socket.io-client 3 and 4 connect at
 * {@code socketio-path} with {@code auth: {token}} (the same bearer tokens as {@code /ws}). A socket's rooms are
 * channels, joined with the same authorization as {@code subscribe}; its user's events (the inbox: durable ones with
 * the seed's outbox delivery, live pushes) reach it as EVENTs named by their type, as do the publications of the
 * channels it joined. Apps add the events clients may send with {@link #on}; the engine answers {@code join},
 * {@code leave} and {@code publish} itself. A socket counts as a session in presence.
 */
public final class SocketIoServer {
    /** Rooms one socket may be in at once, as sessions' subscriptions. */
    public static final int MAX_ROOMS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(SocketIoServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Vertx vertx;
    private final SocketIoSettings settings;
    private final TokenService tokens;
    private final ChannelRegistry channels;
    private final ChannelPolicy policy;
    private final Inbox inbox;
    private final Presence presence;
    private final Metrics metrics;
    private final GatewayLimits limits;
    private final OutboundBudget budget;
    private final EngineServer engine;
    private final EventFrames frames = new EventFrames();
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private final Map<String, SocketIoHandler> handlers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<SocketIoSocket>> connectListeners = new CopyOnWriteArrayList<>();
    private final Map<SocketIoSocket, SocketState> states = new ConcurrentHashMap<>();
    private final ConnectionLimiter limiter;
    private long budgetTimer = -1;

    /** What the server keeps per socket: its inbox attachment, its token-expiry timer, its event rate. */
    private static final class SocketState {
        Runnable detach;
        long expiryTimer = -1;
        final TokenBucket rate;

        SocketState(TokenBucket rate) {
            this.rate = rate;
        }
    }

    private SocketIoServer(Vertx vertx, SocketIoSettings settings, TokenService tokens, ChannelRegistry channels,
                           ChannelPolicy policy, Inbox inbox, Presence presence, Metrics metrics, GatewayLimits limits,
                           OutboundBudget budget, Function<ChannelHandlerContext, LoopWriter> writers,
                           Supplier<Boolean> shuttingDown) {
        this.vertx = vertx;
        this.settings = settings;
        this.tokens = tokens;
        this.channels = channels;
        this.policy = policy;
        this.inbox = inbox;
        this.presence = presence;
        this.metrics = metrics;
        this.limits = limits;
        this.budget = budget;
        this.engine = new EngineServer(settings, budget, writers, session -> new SioConnection(session, this), shuttingDown,
                limits.maxConnections());
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerUser());
        namespaces.add("/");
        RoomEvents.register(this);
    }

    /**
     * A server for the node's parts; nothing is served until {@link #mount}. What waits for its clients counts in
     * {@code budget}, the node's outbound budget that the gateway's sessions share; a WebSocket's frames leave through
     * the writer {@code writers} gives for its event loop, the one the gateway's sessions of that loop use.
     */
    public static SocketIoServer create(Vertx vertx, SocketIoSettings settings, TokenService tokens, ChannelRegistry channels,
                                        ChannelPolicy policy, Inbox inbox, Presence presence, Metrics metrics,
                                        GatewayLimits limits, OutboundBudget budget,
                                        Function<ChannelHandlerContext, LoopWriter> writers, Supplier<Boolean> shuttingDown) {
        return new SocketIoServer(vertx, settings, tokens, channels, policy, inbox, presence, metrics, limits, budget,
                writers, shuttingDown);
    }

    /** The node's outbound budget. */
    OutboundBudget budget() {
        return budget;
    }

    /** Serves the path: polling on the router, the WebSocket transport on the WebSocket routes. */
    public void mount(Router router, WebSocketRoutes sockets) {
        router.route(settings.path()).handler(engine::handle);
        // Backlogs that drained since their last write are counted at what they held then: read them again.
        budgetTimer = vertx.setPeriodic(100, id -> {
            for (EngineSession s : engine.sessions()) {
                s.reportBacklog();
            }
        });
        String bare = settings.path().substring(0, settings.path().length() - 1);
        sockets.add(Pattern.quote(bare) + "/?", engine);
    }

    /** The settings. */
    public SocketIoSettings settings() {
        return settings;
    }

    /**
     * Adds the handler of a client event (one per name). Reserved names ({@code connect}, {@code disconnect}, …)
     * never come from a client; {@code join}, {@code leave} and {@code publish} are the engine's.
     */
    public SocketIoServer on(String event, SocketIoHandler handler) {
        if (handlers.putIfAbsent(event, handler) != null) {
            throw new IllegalStateException("Socket.IO event '" + event + "' has a handler already");
        }
        return this;
    }

    /** The names of the client events that have a handler, sorted. */
    public Set<String> events() {
        return new java.util.TreeSet<>(handlers.keySet());
    }

    /** Opens a namespace besides {@code /}: clients may connect to it; the rest answer {@code Invalid namespace}. */
    public SocketIoServer namespace(String name) {
        if (!name.startsWith("/") || name.length() > SioPacket.MAX_NAMESPACE) {
            throw new IllegalArgumentException("a namespace starts with '/' and has at most " + SioPacket.MAX_NAMESPACE + " characters");
        }
        namespaces.add(name);
        return this;
    }

    /** Calls {@code listener} on each socket that connected, after the client got its CONNECT answer, on its loop. */
    public void onConnect(Consumer<SocketIoSocket> listener) {
        connectListeners.add(listener);
    }

    /**
     * The user's connected sockets on this node, for the server API (a user's connections, unsubscribe, disconnect):
     * a scan of the node's sockets, which the API's bounded rate of such calls affords.
     */
    public List<SocketIoSocket> socketsOf(String userId) {
        return states.keySet().stream().filter(s -> userId.equals(s.userId()) && !s.isClosed()).toList();
    }

    /** Sockets connected on this node. */
    public int sockets() {
        return states.size();
    }

    /** Closes every connection (at shutdown); completes once they are all closed or after {@code timeoutMillis}. */
    public Future<Void> closeAll(long timeoutMillis) {
        if (budgetTimer >= 0) {
            vertx.cancelTimer(budgetTimer);
            budgetTimer = -1;
        }
        for (EngineSession s : engine.sessions()) {
            s.execute(() -> s.close("server shutting down"));
        }
        return Future.succeededFuture();
    }

    SocketIoHandler handler(String event) {
        return handlers.get(event);
    }

    boolean hasNamespace(String name) {
        return namespaces.contains(name);
    }

    TokenService tokens() {
        return tokens;
    }

    ChannelRegistry channels() {
        return channels;
    }

    ChannelPolicy policy() {
        return policy;
    }

    EventFrames frames() {
        return frames;
    }

    String newSocketId() {
        byte[] id = new byte[15];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }

    /**
     * Takes a socket's slot under {@code max-connections} and {@code max-connections-per-user} (Socket.IO sockets
     * counted apart from the gateway's sessions); null when granted, else the code to refuse with.
     */
    CloseCode acquire(String userId) {
        return limiter.acquire(userId);
    }

    /** The socket ended before this node listened for its user's events: undoes the watch. */
    void abandoned(SocketIoSocket socket) {
        inbox.unwatch(socket.userId());
    }

    /**
     * A socket was authenticated: it is a session in presence, and this node listens for its user's events. Completes
     * once it does, so that what is emitted after the client hears CONNECT reaches it.
     */
    Future<Void> open(SocketIoSocket socket) {
        states.put(socket, new SocketState(new TokenBucket(limits.rateLimitPerSecond(), limits.rateLimitBurst(), System.nanoTime())));
        metrics.connectionOpened();
        presence.sessionOpened(socket.userId(), sessionId(socket))
                .onFailure(e -> LOG.debug("presence did not record {}: {}", socket, e.toString()));
        return inbox.watch(socket.userId());
    }

    /**
     * The client heard CONNECT: its user's events start, replaying those not yet written anywhere, or those after
     * {@code lastSeq} for a recovered socket. On its loop.
     */
    void connected(SocketIoSocket socket, Long lastSeq) {
        SocketState state = states.get(socket);
        if (state == null) {
            inbox.unwatch(socket.userId());
            return;
        }
        state.detach = inbox.attach(new SocketEvents(socket), lastSeq, Delivery.SENT);
        java.time.Instant expiresAt = socket.principal().expiresAt();
        if (expiresAt != null) {
            long delay = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
            state.expiryTimer = vertx.setTimer(delay, t -> socket.disconnect());
        }
        for (Consumer<SocketIoSocket> listener : connectListeners) {
            try {
                listener.accept(socket);
            } catch (RuntimeException e) {
                LOG.warn("a Socket.IO connect listener failed for {}", socket, e);
            }
        }
    }

    /** Whether connection state recovery is on. */
    boolean recovery() {
        return settings.recovery();
    }

    /**
     * Joins the socket again to the rooms of a recovery offset, each authorized again; a room whose channel keeps
     * history replays what the socket missed from it. Completes with whether nothing was missed for good: every room
     * recovered from its history (a room without history cannot say what it missed).
     */
    Future<Boolean> restore(SocketIoSocket socket, RecoveryOffset offset) {
        List<Future<Boolean>> rooms = new ArrayList<>();
        int max = Math.max(1, limits.outboundQueueFrames() / 2);
        offset.rooms().forEach((room, at) -> {
            ChannelName channel;
            try {
                channel = ChannelName.parse(room, "offset");
            } catch (ProtocolException e) {
                rooms.add(Future.succeededFuture(false));
                return;
            }
            rooms.add(policy.authorize(socket.principal(), channel, ChannelAction.SUBSCRIBE).compose(allowed -> {
                if (!allowed) {
                    return Future.succeededFuture(false);
                }
                if (at == null || policy.history(room) == null) {
                    return channels.subscribe(socket, room).map(v -> false);
                }
                return channels.subscribe(socket, room, at.epoch(), at.offset(), max).map(r -> {
                    socket.connection().execute(() -> socket.position(room, r.position()));
                    return r.recovered();
                });
            }).otherwise(false));
        });
        return Future.join(rooms).transform(ar -> Future.succeededFuture(rooms.stream()
                .allMatch(f -> f.succeeded() && Boolean.TRUE.equals(f.result()))));
    }

    /** The socket ended ({@code reason} in Socket.IO's words): its rooms, user events and presence go. On its loop. */
    void ended(SocketIoSocket socket, String reason) {
        if (!socket.end()) {
            return;
        }
        for (String room : socket.rooms()) {
            channels.unsubscribe(room, socket);
        }
        socket.rooms().clear();
        SocketState state = states.remove(socket);
        if (state != null) {
            limiter.release(socket.userId());
            metrics.connectionClosed(1000);
            if (state.detach != null) {
                state.detach.run();
            }
            if (state.expiryTimer >= 0) {
                vertx.cancelTimer(state.expiryTimer);
            }
            presence.sessionClosed(socket.userId(), sessionId(socket))
                    .onFailure(e -> LOG.debug("presence did not record the end of {}: {}", socket, e.toString()));
        }
        LOG.debug("{} ended: {}", socket, reason);
    }

    /** Whether the socket may send one more event now (the gateway's per-connection rate). */
    boolean admit(SocketIoSocket socket) {
        SocketState state = states.get(socket);
        return state == null || state.rate.tryTake(System.nanoTime());
    }

    Future<Void> join(SocketIoSocket socket, String room, String field) {
        ChannelName channel = ChannelName.parse(room, field);
        String name = channel.toString();
        if (socket.rooms().contains(name)) {
            return Future.succeededFuture();
        }
        if (socket.rooms().size() >= MAX_ROOMS) {
            return Future.failedFuture(new ProtocolException(ErrorCode.INVALID_FIELD,
                    "a socket may be in at most " + MAX_ROOMS + " rooms", field));
        }
        return policy.authorize(socket.principal(), channel, ChannelAction.SUBSCRIBE).compose(allowed -> {
            if (!allowed) {
                return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, "not allowed on channel " + name, field));
            }
            Future<Void> joined = channels.subscribe(socket, name);
            if (socket.pid() == null || policy.history(name) == null) {
                return joined;
            }
            // Read after the subscription is in place: a publication delivered meanwhile has a later position.
            return joined.compose(v -> channels.position(name)).map(p -> {
                socket.connection().execute(() -> socket.position(name, p));
                return null;
            });
        });
    }

    ObjectNode errorBody(SocketIoSocket socket, Throwable failure) {
        ProtocolException error;
        if (failure instanceof ProtocolException pe) {
            error = pe;
        } else {
            LOG.error("Socket.IO handler failed for {}", socket, failure);
            error = new ProtocolException(ErrorCode.INTERNAL, "internal error");
        }
        metrics.error(error.code().wire());
        return EnvelopeCodec.errorBody(error.code(), error.getMessage(), error.field());
    }

    private static String sessionId(SocketIoSocket socket) {
        return "socketio:" + socket.id();
    }
}
