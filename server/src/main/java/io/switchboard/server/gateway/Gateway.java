package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.protocol.SubProtocols;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.limits.ConnectionLimiter;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.logs.ConnectionLog;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.outbound.LoopWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's core: it turns accepted sockets into {@link Session}s, decodes each frame, applies the limits,
 * dispatches by message type to the registered {@link MessageHandler}, and answers with {@code ack} or
 * {@code error}. It knows nothing of any app: apps register handlers and session listeners.
 */
public final class Gateway {
    /** RFC 6455's "try again later", for a socket whose set-up on open failed (a dependency is away). */
    static final int TRY_AGAIN_LATER = 1013;
    private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
    /** At most one look for the largest backlogs per this interval: each look reads every session. */
    private static final long SHED_INTERVAL_NANOS = 20_000_000;
    /**
     * How long the kernel must have taken nothing from a socket, while frames wait for it, before the node's budget
     * may close it: a client that reads, however far behind, is not the one to cut while the budget is full
     * (publishing is refused meanwhile, and its own share still bounds it).
     */
    static final long STALLED_NANOS = 1_000_000_000L;
    /** How long a close handshake the server started may take: as long as Vert.x's closing timeout (HttpListener). */
    private static final long SLOW_CLOSE_GRACE_MILLIS = 5_000;
    /**
     * Token expiries are looked at once a second for the whole node, and a session gets its own timer only when its
     * expiry is nearer than {@link #EXPIRY_HORIZON_MILLIS}: an idle session with a long token holds no timer (a
     * Vert.x timer is ~200 bytes per session), yet still closes at the exact moment.
     */
    private static final long EXPIRY_SWEEP_MILLIS = 1_000;
    private static final long EXPIRY_HORIZON_MILLIS = 3_000;

    private final Vertx vertx;
    private final GatewayLimits limits;
    private final Metrics metrics;
    private final ConnectionLimiter limiter;
    private final OutboundBudget outbound;
    private final AtomicBoolean shedding = new AtomicBoolean();
    private volatile long lastShedNanos = System.nanoTime() - SHED_INTERVAL_NANOS;
    private final HandlerSet defaults;
    private final TokenRefresh tokenRefresh;
    private final Map<String, HandlerSet> handlerSets = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    /** One writer per event loop that has sockets: as many as the node has loops. */
    private final Map<EventExecutor, LoopWriter> writers = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Session>> openListeners = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<Consumer<Session>> closeListeners = new CopyOnWriteArrayList<>();
    private long heartbeatTimer = -1;
    private long budgetTimer = -1;
    /** The expiry sweep's timer; until it runs, every session arms its own expiry timer whatever the delay. */
    private volatile long expirySweep = -1;
    private volatile ExpiryRefresher expiryRefresher;
    /** Sessions whose refresh is being asked: the sweep re-arms their expired timer meanwhile, and must not ask twice. */
    private final Set<String> refreshing = ConcurrentHashMap.newKeySet();

    /** A gateway with no handlers but {@code ping}, and no token refresh. */
    public Gateway(Vertx vertx, GatewayLimits limits, Metrics metrics) {
        this(vertx, limits, metrics, null);
    }

    /**
     * A gateway whose default handlers are {@code ping} and {@code refresh_token} (verified with {@code tokens}).
     * Every session whose principal expires is closed with 4002 at that moment unless a refresh moved it.
     */
    public Gateway(Vertx vertx, GatewayLimits limits, Metrics metrics, TokenService tokens) {
        this.vertx = vertx;
        this.limits = limits;
        this.metrics = metrics;
        this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerUser());
        this.outbound = new OutboundBudget(limits.outboundBudgetBytes(), limits.outboundConnectionBytes());
        metrics.outboundBudget(outbound.nodeBytes(), outbound.connectionBytes(), outbound::held);
        this.tokenRefresh = new TokenRefresh(tokens, this);
        this.defaults = handlerSet("ws");
        if (tokens != null) {
            defaults.register(MessageTypes.REFRESH_TOKEN, tokenRefresh);
        }
    }

    /** The node's outbound memory budget and what it holds now; publishers ask it whether to refuse. */
    public OutboundBudget outboundBudget() {
        return outbound;
    }

    /** What the gateway allows each connection and the node. */
    public GatewayLimits limits() {
        return limits;
    }

    /**
     * The {@code refresh_token} handler, for apps whose own socket kind authenticates with a token: register it
     * in their {@link HandlerSet} so their clients can keep a session past the first token's expiry.
     */
    public MessageHandler tokenRefresh() {
        return tokenRefresh;
    }

    /**
     * A new set of handlers for an app's own socket kind, already answering {@code ping}. Sessions opened with
     * it understand only its types.
     */
    public HandlerSet handlerSet(String name) {
        HandlerSet set = new HandlerSet(name);
        if (handlerSets.putIfAbsent(name, set) != null) {
            throw new IllegalStateException("handler set '" + name + "' exists already");
        }
        return set.register(MessageTypes.PING, Gateway::pong);
    }

    private static Future<JsonNode> pong(Session session, Envelope envelope) {
        ObjectNode pong = Json.object();
        pong.put("type", MessageTypes.PONG);
        if (envelope.hasId()) {
            pong.set("id", envelope.id());
        }
        session.send(pong);
        return Future.succeededFuture(NO_ACK);
    }

    /** A handler result that means "the handler answered itself; send no ack". */
    public static final JsonNode NO_ACK = Json.mapper().getNodeFactory().missingNode();

    /** The default handlers, those of {@code /ws}, for an endpoint that opens sessions of that kind itself. */
    public HandlerSet defaultHandlers() {
        return defaults;
    }

    /**
     * Asks {@code refresher}, when a session's credentials expire, whether it may go on (the refresh hook) instead of
     * closing it with 4002 at once.
     */
    public void expiryRefresher(ExpiryRefresher refresher) {
        this.expiryRefresher = refresher;
    }

    /** Registers the handler for a message type on {@code /ws} (the default set); one handler per type. */
    public void register(String type, MessageHandler handler) {
        defaults.register(type, handler);
    }

    /** The message types clients may send on {@code /ws}, sorted. */
    public Set<String> handledTypes() {
        return defaults.types();
    }

    /** Every handler set by name: the default {@code ws} and the apps' own. */
    public Map<String, HandlerSet> handlerSets() {
        return Map.copyOf(handlerSets);
    }

    /** Calls {@code listener} for every new session, after {@code connection_established} was sent. */
    public void onSessionOpen(Consumer<Session> listener) {
        openListeners.add(listener);
    }

    /** Calls {@code listener} for every session that ended. */
    public void onSessionClose(Consumer<Session> listener) {
        closeListeners.add(listener);
    }

    /** The metrics. */
    public Metrics metrics() {
        return metrics;
    }

    /** The open session of this node with {@code id}, or null. */
    public Session session(String id) {
        return sessions.get(id);
    }

    /** Open sessions on this node. */
    public Collection<Session> sessions() {
        return sessions.values();
    }

    /**
     * Closes an accepted socket that will not become a session (bad credentials, a limit), counting and logging the
     * code. {@code reason} goes to the client and the log: never a credential.
     */
    public void refuse(ServerWebSocket socket, int code, String reason) {
        refuse(SessionSocket.of(socket), code, reason);
    }

    /** Like {@link #refuse(ServerWebSocket, int, String)}, for any socket. */
    public void refuse(SessionSocket socket, int code, String reason) {
        metrics.refused(code);
        ConnectionLog.refused(socket.path(), socket.remoteAddress(), code, reason);
        socket.close(code, reason);
    }

    /**
     * Makes a session of an accepted socket, or closes it with the limit's code. Call on the socket's event
     * loop. Returns null when refused.
     */
    public Session open(ServerWebSocket socket, Principal principal) {
        return open(socket, principal, defaults);
    }

    /**
     * Like {@link #open(ServerWebSocket, Principal)}, sending {@code connection_established} once {@code ready} completes
     * (see {@link #open(ServerWebSocket, Principal, HandlerSet, java.util.function.Function)}).
     */
    public Session open(ServerWebSocket socket, Principal principal, java.util.function.Function<Session, Future<?>> ready) {
        return open(socket, principal, defaults, ready);
    }

    /** Like {@link #open(ServerWebSocket, Principal)}, for a socket that speaks the types of {@code handlers}. */
    public Session open(ServerWebSocket socket, Principal principal, HandlerSet handlers) {
        return open(socket, principal, handlers, null);
    }

    /**
     * Like {@link #open(ServerWebSocket, Principal, HandlerSet)}, but {@code connection_established} is sent only once
     * {@code ready} (given the new session) completes: what an endpoint sets up for every session on open (a channel
     * subscription, with Redis confirmed by Redis) is in place before the client is told it is connected, so nothing
     * committed after that is missed. The client's messages wait meanwhile. When {@code ready} fails the socket is
     * closed with 1013 (try again later) and no {@code connection_established}. Null {@code ready}: nothing to wait for.
     */
    public Session open(ServerWebSocket socket, Principal principal, HandlerSet handlers,
                        java.util.function.Function<Session, Future<?>> ready) {
        return open(newSessionId(), SessionSocket.of(socket), principal, handlers, ready);
    }

    /** A fresh session id, for an endpoint that must name the session before it opens it (to a connect hook). */
    public static String newSessionId() {
        return UUID.randomUUID().toString();
    }

    /** Like {@link #open(ServerWebSocket, Principal, HandlerSet, java.util.function.Function)}, with the session's id. */
    public Session open(String sessionId, ServerWebSocket socket, Principal principal, HandlerSet handlers,
                        java.util.function.Function<Session, Future<?>> ready) {
        return open(sessionId, SessionSocket.of(socket), principal, handlers, ready);
    }

    /** Like {@link #open(ServerWebSocket, Principal)}, for any socket. */
    public Session open(SessionSocket socket, Principal principal) {
        return open(newSessionId(), socket, principal, defaults, null);
    }

    /** Like {@link #open(ServerWebSocket, Principal, HandlerSet, java.util.function.Function)}, for any socket. */
    public Session open(String sessionId, SessionSocket socket, Principal principal, HandlerSet handlers,
                        java.util.function.Function<Session, Future<?>> ready) {
        CloseCode refusal = limiter.acquire(principal.userId());
        if (refusal != null) {
            refuse(socket, refusal.code(), refusal.reason());
            return null;
        }
        ChannelHandlerContext channel = socket.channel();
        if (channel == null) {
            throw new IllegalArgumentException("not a socket of this server's Vert.x: " + socket.getClass().getName());
        }
        LoopWriter writer = writer(channel);
        Session session = new Session(sessionId, principal, socket, channel, writer, this,
                limits.outboundQueueFrames(), limits.outboundConnectionBytes(),
                new InboundLimits(limits.rateLimitPerSecond(), limits.rateLimitBurst()), handlers);
        sessions.put(session.id(), session);
        metrics.connectionOpened();
        ConnectionLog.opened(session.id(), principal.userId(), socket.path(), socket.remoteAddress());
        socket.listen(session);
        scheduleExpiry(session);
        if (ready == null) {
            established(session);
            return session;
        }
        io.vertx.core.Context context = Vertx.currentContext();
        socket.pause();
        Future<?> setUp;
        try {
            setUp = ready.apply(session);
        } catch (RuntimeException e) {
            setUp = Future.failedFuture(e);
        }
        setUp.onComplete(ar -> {
            Runnable finish = () -> {
                if (session.isClosed()) {
                    return;
                }
                if (ar.failed()) {
                    LOG.debug("could not set up {} on open: {}", session, ar.cause().toString());
                    session.close(TRY_AGAIN_LATER, "could not subscribe now; try again later");
                    return;
                }
                established(session);
                socket.resume();
            };
            // Back on the socket's loop: a Netty socket's open runs outside any Vert.x context.
            if (context != null && Vertx.currentContext() != context) {
                context.runOnContext(v -> finish.run());
            } else if (context == null && !channel.executor().inEventLoop()) {
                channel.executor().execute(finish);
            } else {
                finish.run();
            }
        });
        return session;
    }

    private void established(Session session) {
        ObjectNode data = Json.object();
        data.put("session_id", session.id());
        data.put("user_id", session.principal().userId());
        if (session.info() != null) {
            data.set("info", session.info());
        }
        session.send(EnvelopeCodec.push(MessageTypes.CONNECTION_ESTABLISHED, data));
        for (Consumer<Session> l : openListeners) {
            l.accept(session);
        }
    }

    /**
     * (Re)arms the session's expiry: at its principal's {@code expiresAt} the session is closed with 4002
     * {@code token expired}. Nothing for a principal that does not expire. An expiry further than
     * {@link #EXPIRY_HORIZON_MILLIS} is left to the node's sweep, which comes back here in time. Call on the
     * session's event loop.
     */
    void scheduleExpiry(Session session) {
        session.cancelExpiry(vertx);
        java.time.Instant expiresAt = session.principal().expiresAt();
        if (expiresAt == null || session.isClosed()) {
            return;
        }
        long delay = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
        if (delay > EXPIRY_HORIZON_MILLIS && expirySweep >= 0) {
            return;
        }
        session.expiryTimer(vertx.setTimer(delay, t -> {
            session.expiryFired(t);
            java.time.Instant now = session.principal().expiresAt();
            if (now != null && now.toEpochMilli() <= System.currentTimeMillis()) {
                expired(session);
            } else {
                scheduleExpiry(session);
            }
        }));
    }

    /**
     * The session's credentials expired: the refresher, when it takes this session, gives it a later expiry or ends it;
     * otherwise it closes with 4002 now. A refresher that fails without closing the session leaves 1013 (try again later).
     */
    private void expired(Session session) {
        if (refreshing.contains(session.id())) {
            return;
        }
        ExpiryRefresher refresher = expiryRefresher;
        Future<Principal> next = refresher == null ? null : refresher.refresh(session);
        if (next == null) {
            session.close(CloseCode.INVALID_TOKEN.code(), "token expired");
            return;
        }
        refreshing.add(session.id());
        next.onComplete(ar -> session.onLoop(() -> {
            refreshing.remove(session.id());
            java.time.Instant until = ar.succeeded() && ar.result() != null ? ar.result().expiresAt() : java.time.Instant.EPOCH;
            if (until != null && until.toEpochMilli() <= System.currentTimeMillis()) {
                if (ar.succeeded()) {
                    session.close(CloseCode.INVALID_TOKEN.code(), "credentials expired");
                } else {
                    LOG.debug("could not refresh {}: {}", session, ar.cause().toString());
                    session.close(TRY_AGAIN_LATER, "could not refresh the connection now; try again later");
                }
                return;
            }
            session.principal(ar.result());
            scheduleExpiry(session);
        }));
    }

    /** Once a second: the sessions whose expiry is now near get their timer, armed on their own event loop. */
    private void armNearExpiries() {
        long horizon = System.currentTimeMillis() + EXPIRY_HORIZON_MILLIS;
        for (Session s : sessions.values()) {
            java.time.Instant expiresAt = s.principal().expiresAt();
            if (expiresAt != null && expiresAt.toEpochMilli() <= horizon && !s.expiryArmed() && !s.isClosed()) {
                s.onLoop(() -> {
                    if (!s.expiryArmed()) {
                        scheduleExpiry(s);
                    }
                });
            }
        }
    }

    void ended(Session session) {
        if (sessions.remove(session.id()) == null) {
            return;
        }
        session.cancelExpiry(vertx);
        refreshing.remove(session.id());
        int code = session.ended();
        limiter.release(session.userId());
        metrics.connectionClosed(code);
        ConnectionLog.closed(session.id(), session.userId(), code);
        for (Consumer<Session> l : closeListeners) {
            l.accept(session);
        }
    }

    /**
     * The node's backlog passed its budget: closes the open sessions whose clients stopped reading (the kernel took
     * nothing from them for {@link #STALLED_NANOS}) with 4100, largest backlog first, until the open ones hold at
     * most {@link OutboundBudget#shedTarget()}. A session that reads, however far behind, is left to its own share:
     * its backlog drains, and publishing is refused while the budget is full. The closed ones stop growing at once
     * and free their bytes when their connections end (dropped after 5 s if their clients do not read). Called from
     * any thread by a write and by the periodic look; one caller looks at a time, at most once per 20 ms; never
     * blocks.
     */
    void shedLargestBacklogs() {
        long now = System.nanoTime();
        if (now - lastShedNanos < SHED_INTERVAL_NANOS || !shedding.compareAndSet(false, true)) {
            return;
        }
        try {
            lastShedNanos = now;
            // Backlogs change while this runs: sort a snapshot, so the order is consistent.
            List<Backlog> stalled = new ArrayList<>();
            long openBytes = 0;
            for (Session s : sessions.values()) {
                long bytes = s.backlogBytes();
                if (bytes > 0 && !s.isClosed()) {
                    openBytes += bytes;
                    if (s.stalledNanos() >= STALLED_NANOS) {
                        stalled.add(new Backlog(s, bytes));
                    }
                }
            }
            stalled.sort(Comparator.comparingLong(Backlog::bytes).reversed());
            long target = outbound.shedTarget();
            for (Backlog b : stalled) {
                if (openBytes <= target) {
                    break;
                }
                if (b.session().closeSlow()) {
                    metrics.slowConsumerClosed(Metrics.SLOW_NODE_BUDGET);
                }
                openBytes -= b.bytes();
            }
        } finally {
            shedding.set(false);
        }
    }

    private record Backlog(Session session, long bytes) {
    }

    /**
     * Drops the connection of a session the server closed unless it ended within {@link #SLOW_CLOSE_GRACE_MILLIS}: a
     * client that reads again by then gets its frames and the close frame; one that does not would hold them for
     * good (see {@link SessionSocket#abort()}).
     */
    void abortIfStillOpen(Session session) {
        vertx.setTimer(SLOW_CLOSE_GRACE_MILLIS, t -> {
            if (sessions.get(session.id()) == session) {
                session.socket().abort();
            }
        });
    }

    /** Handles one text frame from a session. Runs on the session's event loop. */
    void dispatch(Session session, String text) {
        dispatch(session, overFrameLimit(text), () -> EnvelopeCodec.idOf(text), () -> EnvelopeCodec.decode(text));
    }

    /** Handles one binary (MessagePack) frame from a session of the binary protocol. On the session's event loop. */
    void dispatch(Session session, byte[] msgpack) {
        dispatch(session, msgpack.length > limits.maxFrameBytes(), () -> EnvelopeCodec.idOf(msgpack),
                () -> EnvelopeCodec.decode(msgpack));
    }

    /**
     * One frame, whatever its format: {@code idOf} recovers the id of a frame that is refused before or while it is
     * decoded (for the error that answers it), {@code decode} reads it.
     */
    private void dispatch(Session session, boolean tooLarge, java.util.function.Supplier<JsonNode> idOf,
                          java.util.function.Supplier<Envelope> decode) {
        session.touch();
        if (session.isClosed()) {
            return;
        }
        long now = System.nanoTime();
        if (tooLarge) {
            metrics.messageIn("other");
            violation(session, now, null, new ProtocolException(ErrorCode.TOO_LARGE,
                    "message is larger than " + limits.maxFrameBytes() + " bytes"));
            return;
        }
        switch (session.limits.admit(now)) {
            case REJECT:
                metrics.messageIn("other");
                reply(session, idOf.get(), new ProtocolException(ErrorCode.RATE_LIMITED,
                        "more than " + limits.rateLimitPerSecond() + " messages per second; slow down"));
                return;
            case CLOSE:
                metrics.messageIn("other");
                session.close(CloseCode.RATE_LIMITED);
                return;
            default:
                break;
        }
        Envelope envelope;
        try {
            envelope = decode.get();
        } catch (ProtocolException e) {
            metrics.messageIn("other");
            violation(session, now, idOf.get(), e);
            return;
        }
        MessageHandler handler = session.handlers.get(envelope.type());
        if (handler == null) {
            metrics.messageIn("other");
            violation(session, now, envelope.id(), new ProtocolException(ErrorCode.UNKNOWN_TYPE,
                    "unknown message type '" + truncate(envelope.type()) + "'", "type"));
            return;
        }
        metrics.messageIn(envelope.type());
        Future<JsonNode> outcome;
        try {
            outcome = handler.handle(session, envelope);
        } catch (RuntimeException e) {
            outcome = Future.failedFuture(e);
        }
        outcome.onComplete(ar -> {
            if (ar.succeeded()) {
                if (envelope.hasId() && ar.result() != NO_ACK) {
                    ObjectNode ack = EnvelopeCodec.ack(envelope.id());
                    if (ar.result() != null) {
                        ack.set("data", ar.result());
                    }
                    metrics.ack();
                    session.send(ack);
                }
            } else if (ar.cause() instanceof ProtocolException pe && isClientFault(pe.code())) {
                violation(session, System.nanoTime(), envelope.id(), pe);
            } else {
                reply(session, envelope.id(), ar.cause());
            }
        });
    }

    // Vert.x reports two input failures here and acts on neither: a frame its decoder refuses (over the hard
    // size limit, or malformed), or that the transport's guards refuse (RSV bits, invalid UTF-8, a frame that
    // inflates past its bound), leaves the decoder discarding all later input, and a fragmented message over the
    // hard limit is dropped. Either way the client would wait for an answer that never comes: close with the
    // RFC 6455 code instead (1002, 1007, 1009).
    void socketFailed(Session session, Throwable e) {
        CloseCode code = closeCodeFor(e);
        if (code != null) {
            session.close(code);
        } else if (e instanceof CorruptedWebSocketFrameException bad) {
            session.close(bad.closeStatus().code(), bad.closeStatus().reasonText());
        } else {
            LOG.debug("socket error on {}: {}", session, e.toString());
        }
    }

    /**
     * The RFC 6455 close code for an input failure a socket's exception handler receives (see {@link #socketFailed}):
     * 1002, 1007 or 1009; null for other failures. For sockets that are not sessions yet.
     */
    public static CloseCode closeCodeFor(Throwable e) {
        if (e instanceof CorruptedWebSocketFrameException bad) {
            return CloseCode.of(bad.closeStatus().code());
        }
        if (e instanceof IllegalStateException && String.valueOf(e.getMessage()).contains("max message size")) {
            return CloseCode.MESSAGE_TOO_BIG;
        }
        return null;
    }

    void refuseBinary(Session session) {
        session.touch();
        metrics.messageIn("other");
        violation(session, System.nanoTime(), null,
                new ProtocolException(ErrorCode.BAD_JSON, "binary frames are not supported; send JSON text"
                        + " (or open the socket with the sub-protocol " + SubProtocols.MSGPACK + ")"));
    }

    /** A text frame on a socket of the binary protocol: refused as a binary frame is on a JSON socket. */
    void refuseText(Session session) {
        session.touch();
        metrics.messageIn("other");
        violation(session, System.nanoTime(), null, new ProtocolException(ErrorCode.BAD_MSGPACK,
                "text frames are not accepted on a " + SubProtocols.MSGPACK + " socket; send MessagePack in binary frames"));
    }

    private void violation(Session session, long now, JsonNode id, ProtocolException error) {
        reply(session, id, error);
        if (!session.limits.violation(now)) {
            session.close(CloseCode.PROTOCOL_ABUSE);
        }
    }

    private void reply(Session session, JsonNode id, Throwable failure) {
        ProtocolException error;
        if (failure instanceof ProtocolException pe) {
            error = pe;
        } else {
            LOG.error("handler failed for {}", session, failure);
            error = new ProtocolException(ErrorCode.INTERNAL, "internal error");
        }
        metrics.error(error.code().wire());
        session.send(EnvelopeCodec.error(id, error));
    }

    private static boolean isClientFault(ErrorCode code) {
        return switch (code) {
            case BAD_JSON, BAD_MSGPACK, UNKNOWN_TYPE, MISSING_FIELD, INVALID_FIELD, UNKNOWN_FIELD, TOO_LARGE -> true;
            default -> false;
        };
    }

    /**
     * Starts the heartbeat: a ping frame to every session each interval, and 4200 for the silent ones. Also looks
     * at the outbound backlog ten times a second: a write over the budget sheds at most every 20 ms, so the last
     * one of a burst may have been skipped and nothing else would write. And once a second arms the timers of the
     * token expiries that are near.
     */
    public void startHeartbeat() {
        expirySweep = vertx.setPeriodic(EXPIRY_SWEEP_MILLIS, id -> armNearExpiries());
        budgetTimer = vertx.setPeriodic(100, id -> {
            // Backlogs that drained since their last write are counted at what they held then: read them again.
            long now = System.nanoTime();
            for (Session s : sessions.values()) {
                s.reportBacklog(now);
            }
            if (outbound.overNode(outbound.held())) {
                shedLargestBacklogs();
            }
        });
        long idleNanos = limits.idleTimeout().toNanos();
        heartbeatTimer = vertx.setPeriodic(limits.pingInterval().toMillis(), id -> {
            long now = System.nanoTime();
            for (Session s : sessions.values()) {
                if (now - s.lastSeenNanos() > idleNanos) {
                    s.close(CloseCode.IDLE_TIMEOUT);
                } else if (!s.isClosed()) {
                    s.socket().ping();
                }
            }
        });
    }

    /** Closes every session with {@code code}; completes when all are gone or after {@code timeoutMillis}. */
    public Future<Void> closeAll(CloseCode code, long timeoutMillis) {
        if (heartbeatTimer >= 0) {
            vertx.cancelTimer(heartbeatTimer);
        }
        if (budgetTimer >= 0) {
            vertx.cancelTimer(budgetTimer);
        }
        long sweep = expirySweep;
        if (sweep >= 0) {
            vertx.cancelTimer(sweep);
            expirySweep = -1;
        }
        Promise<Void> done = Promise.promise();
        if (sessions.isEmpty()) {
            return Future.succeededFuture();
        }
        for (Session s : sessions.values()) {
            s.close(code);
        }
        long start = System.currentTimeMillis();
        vertx.setPeriodic(20, id -> {
            if (sessions.isEmpty() || System.currentTimeMillis() - start > timeoutMillis) {
                vertx.cancelTimer(id);
                done.tryComplete();
            }
        });
        return done.future();
    }

    private boolean overFrameLimit(String text) {
        int max = limits.maxFrameBytes();
        // A char is at most three UTF-8 bytes (a surrogate pair four for two chars): short text needs no count.
        return (long) text.length() * 3 > max && (text.length() > max || countUtf8(text) > max);
    }

    private static int countUtf8(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /**
     * The writer of the event loop {@code channel} lives on, shared by every socket of that loop (the Socket.IO
     * endpoint's too), so that all the frames a loop sends leave in its batches.
     */
    public LoopWriter writer(ChannelHandlerContext channel) {
        return writers.computeIfAbsent(channel.executor(), loop -> new LoopWriter(loop, outbound, this::shedLargestBacklogs, metrics.deliveryLatency()));
    }
}
