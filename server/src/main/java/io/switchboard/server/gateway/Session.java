package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MsgPack;
import io.switchboard.protocol.SubProtocols;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.channel.Subscriber;
import io.switchboard.server.eventloop.ContextSteps;
import io.switchboard.server.limits.OutboundBudget;
import io.netty.buffer.ByteBufAllocator;
import io.switchboard.server.outbound.DeflatedFrames;
import io.switchboard.server.outbound.FrameKind;
import io.switchboard.server.outbound.FrameTarget;
import io.switchboard.server.outbound.PublicationFrames;
import io.switchboard.server.outbound.LoopWriter;
import io.switchboard.server.outbound.SocketOutput;
import io.switchboard.server.outbound.WebSocketFrames;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One open WebSocket connection of an authenticated user: what it is subscribed to, its bounded outbound
 * queue (frames and bytes, its part of the node's {@link OutboundBudget}), its limits. Apps keep their
 * per-connection state under typed {@link SessionKey}s.
 *
 * <p>Every frame leaves through the {@link LoopWriter} of the socket's event loop, whatever thread hands it over:
 * so frames keep their order, a publication is encoded once for all its sockets, and a socket is flushed once per
 * batch. The write and its accounting run on the loop only.
 */
public final class Session implements Subscriber, FrameTarget, SocketListener {
    private final String id;
    private volatile Principal principal;
    private final SessionSocket socket;
    private final OutboundQueue queue;
    private final SocketOutput output;
    private final Gateway gateway;
    private static final VarHandle CHANNELS;
    private static final VarHandle CLOSE_HOOKS;
    private static final VarHandle CLOSING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            CHANNELS = lookup.findVarHandle(Session.class, "channels", Set.class);
            CLOSE_HOOKS = lookup.findVarHandle(Session.class, "closeHooks", CopyOnWriteArrayList.class);
            CLOSING = lookup.findVarHandle(Session.class, "closing", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // The channel set, the app state and the close hooks are made on first use, and "closing" is a plain field set
    // atomically: many connections stay idle and never need them, and each costs memory per connection (issue 12).
    private volatile Set<String> channels;
    /** The apps' state: immutable, replaced whole under the session's lock (see {@link #with}). */
    private volatile Map<SessionKey<?>, Object> state;
    private volatile CopyOnWriteArrayList<Consumer<Session>> closeHooks;
    private volatile boolean closing;
    private volatile int closeCode = -1;
    private volatile long lastSeenNanos = System.nanoTime();
    /** What the backend told about this connection (the connect hook's {@code info}), or null. */
    private volatile JsonNode info;
    /** The token-expiry timer, armed only in the last seconds before the expiry (see Gateway#scheduleExpiry); -1 when none. */
    private volatile long expiryTimer = -1;
    /** The socket's context (its event loop), where the expiry timer is armed and cancelled; null off a context. */
    private final Context context;
    final InboundLimits limits;
    private final LoopWriter writer;
    final HandlerSet handlers;
    /** Whether the client agreed to permessage-deflate: publications then go compressed ({@link DeflatedFrames}). */
    private final boolean deflate;
    /** Whether the socket speaks the binary protocol ({@link SubProtocols#MSGPACK}): every frame both ways is MessagePack. */
    private final boolean msgpack;

    Session(String id, Principal principal, SessionSocket socket, ChannelHandlerContext channel, LoopWriter writer,
            Gateway gateway, int queueLimit, long byteLimit, InboundLimits limits, HandlerSet handlers) {
        this.id = id;
        this.principal = principal;
        this.socket = socket;
        this.gateway = gateway;
        this.output = new SocketOutput(channel, socket.framing());
        this.queue = new OutboundQueue(output, queueLimit, byteLimit);
        this.limits = limits;
        this.writer = writer;
        this.handlers = handlers;
        this.context = Vertx.currentContext();
        this.deflate = channel != null && DeflatedFrames.agreed(channel.channel());
        this.msgpack = SubProtocols.MSGPACK.equals(socket.subProtocol());
    }

    /** Whether this connection agreed to permessage-deflate, so that compressed frames may be written to it. */
    public boolean deflate() {
        return deflate;
    }

    /** Whether this session speaks the binary protocol (MessagePack in binary frames) rather than JSON text. */
    public boolean binaryProtocol() {
        return msgpack;
    }

    /** The session id sent in {@code connection_established}. */
    public String id() {
        return id;
    }

    /** The transport the session is connected over: {@code websocket}, {@code sse} or {@code http_stream}. */
    public String transport() {
        return socket.transport();
    }

    /** Who is connected. */
    public Principal principal() {
        return principal;
    }

    /** The user id of the principal. */
    public String userId() {
        return principal.userId();
    }

    /** Replaces the principal (after a token refresh). */
    public void principal(Principal principal) {
        this.principal = principal;
    }

    /**
     * What the backend said about this connection (the connect hook's {@code info}): sent in
     * {@code connection_established}, shown in presence. Null when nothing was said.
     */
    public JsonNode info() {
        return info;
    }

    /** Sets the connection's info (see {@link #info()}); call before the session is established to have it sent. */
    public void info(JsonNode info) {
        this.info = info;
    }

    /** The channels this session is subscribed to (live view). */
    @Override
    public Set<String> channels() {
        Set<String> set = channels;
        if (set == null) {
            set = ConcurrentHashMap.newKeySet();
            if (!CHANNELS.compareAndSet(this, null, set)) {
                set = channels;
            }
        }
        return set;
    }

    /** The state an app keeps under {@code key} on this session, or null when none. */
    public <T> T get(SessionKey<T> key) {
        Map<SessionKey<?>, Object> map = state;
        return map == null ? null : key.cast(map.get(key));
    }

    /** Keeps {@code value} under {@code key} on this session, replacing what was there (null: removes it). */
    public <T> void put(SessionKey<T> key, T value) {
        synchronized (this) {
            state = with(state, key, value);
        }
    }

    /** The state under {@code key}, made by {@code create} (once, atomically) when there is none yet. */
    public <T> T computeIfAbsent(SessionKey<T> key, Supplier<? extends T> create) {
        T value = get(key);
        if (value != null) {
            return value;
        }
        synchronized (this) {
            value = get(key);
            if (value == null) {
                value = create.get();
                state = with(state, key, value);
            }
            return value;
        }
    }

    // A session keeps one or two keys, set once: an immutable map replaced whole under the session's lock costs a few
    // dozen bytes where a concurrent map costs about 180 (issue 12), and reads take no lock.
    private static Map<SessionKey<?>, Object> with(Map<SessionKey<?>, Object> map, SessionKey<?> key, Object value) {
        if (map == null) {
            return value == null ? null : Map.of(key, value);
        }
        Map<SessionKey<?>, Object> copy = new java.util.HashMap<>(map);
        if (value == null) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return copy.isEmpty() ? null : Map.copyOf(copy);
    }

    /** Whether the session is closing or closed. */
    @Override
    public boolean isClosed() {
        return closing;
    }

    /** Registers code to run once when the session ends (unsubscribe, presence, limits). */
    public void onClose(Consumer<Session> hook) {
        CopyOnWriteArrayList<Consumer<Session>> hooks = closeHooks;
        if (hooks == null) {
            hooks = new CopyOnWriteArrayList<>();
            if (!CLOSE_HOOKS.compareAndSet(this, null, hooks)) {
                hooks = closeHooks;
            }
        }
        hooks.add(hook);
    }

    /** Frames written but not yet taken by the network. */
    public int pendingFrames() {
        return output.pendingFrames();
    }

    /**
     * Bytes of the frames written but not yet taken by the network, each counted as
     * {@link OutboundBudget#cost(int)}: this session's part of the node's outbound backlog.
     */
    public long backlogBytes() {
        return output.backlogBytes();
    }

    /** Sends a message of the given type, in the session's format. */
    public void send(JsonNode message) {
        JsonNode type = message.get("type");
        gateway.metrics().messageOut(type == null ? "other" : type.asText());
        if (msgpack) {
            writeBinary(MsgPack.write(message));
        } else {
            write(Json.bytes(message));
        }
    }

    @Override
    public void deliver(byte[] frame) {
        gateway.metrics().delivered();
        write(frame);
    }

    /** A publication, in the {@link #frameKind(String)} this session takes its channel in. */
    @Override
    public void deliver(Publication publication) {
        int kind = frameKind(publication.channel());
        if (kind == FrameKind.JSON) {
            deliver(publication.frame());
            return;
        }
        gateway.metrics().delivered();
        if (!closing) {
            ByteBuf frame = PublicationFrames.encode(ByteBufAllocator.DEFAULT, publication, kind);
            try {
                writer.write(this, frame, PublicationFrames.cost(frame));
            } finally {
                frame.release();
            }
        }
    }

    /**
     * The kind of frame this session takes {@code channel}'s publications in: its negotiated format, compressed when
     * it agreed to permessage-deflate.
     */
    @Override
    public int frameKind(String channel) {
        return (msgpack ? FrameKind.MSGPACK : FrameKind.JSON) | (deflate ? FrameKind.DEFLATE : 0);
    }

    /**
     * Sends a frame already encoded as UTF-8 JSON (shared bytes, not modified), counted under {@code type}
     * in the metrics. For pushes encoded once for many sessions, such as a user's events.
     */
    public void send(String type, byte[] frame) {
        gateway.metrics().messageOut(type);
        write(frame);
    }

    /** Writes a frame encoded as JSON: as it is on a JSON socket, turned into MessagePack on a binary one. */
    private void write(byte[] frame) {
        if (closing) {
            return;
        }
        if (msgpack) {
            writeBinary(MsgPack.write(Json.parse(frame)));
        } else {
            writer.send(this, frame);
        }
    }

    private void writeBinary(byte[] payload) {
        if (closing) {
            return;
        }
        ByteBuf frame = WebSocketFrames.binary(ByteBufAllocator.DEFAULT, payload);
        try {
            writer.write(this, frame, OutboundBudget.cost(payload.length));
        } finally {
            frame.release();
        }
    }

    @Override
    public LoopWriter writer() {
        return writer;
    }

    @Override
    public boolean write(ByteBuf frame, int cost) {
        if (closing || !admit(cost)) {
            return false;
        }
        // A view of the shared bytes: nothing is copied per socket.
        return output.write(frame);
    }

    @Override
    public boolean subscribed(String channel) {
        Set<String> set = channels;
        return set != null && set.contains(channel);
    }

    @Override
    public boolean writeOwned(ByteBuf frame, int cost) {
        if (closing || !admit(cost)) {
            frame.release();
            return false;
        }
        return output.writeOwned(frame);
    }

    /** Whether the socket's queue takes a frame of {@code cost} more; past its bounds it is closed as slow. */
    private boolean admit(int cost) {
        OutboundQueue.Overflow overflow = queue.offer(cost);
        if (overflow == null) {
            return true;
        }
        gateway.metrics().queueOverflow();
        if (closeSlow()) {
            gateway.metrics().slowConsumerClosed(overflow == OutboundQueue.Overflow.FRAMES
                    ? Metrics.SLOW_FRAMES : Metrics.SLOW_BYTES);
        }
        return false;
    }

    @Override
    public void endBatch() {
        output.flush();
        OutboundBudget budget = gateway.outboundBudget();
        if (budget.overNode(output.report(budget))) {
            gateway.shedLargestBacklogs();
        }
    }

    /**
     * Tells the node's budget what this socket holds now, and notes whether the kernel took anything from it since
     * the last look (the gateway's periodic look, one thread at a time).
     */
    void reportBacklog(long nowNanos) {
        output.report(gateway.outboundBudget());
        output.look(nowNanos);
    }

    /** How long the kernel had taken nothing from this socket while frames waited for it, as the last look saw it. */
    long stalledNanos() {
        return output.stalledNanos();
    }

    /**
     * Closes with 4100: the close frame queues behind the frames the client has not read, so if the connection has
     * not ended within the grace the gateway gives it, its TCP connection is dropped with what it holds. Returns
     * whether this call closed it (false when it was closing already).
     */
    boolean closeSlow() {
        return closeOnce(CloseCode.SLOW_CONSUMER.code(), CloseCode.SLOW_CONSUMER.reason());
    }

    /** Closes with a documented code and its default reason. */
    public void close(CloseCode code) {
        close(code.code(), code.reason());
    }

    /** Closes with a code and a reason (at most 123 bytes). */
    public void close(int code, String reason) {
        closeOnce(code, reason);
    }

    private boolean closeOnce(int code, String reason) {
        if (!CLOSING.compareAndSet(this, false, true)) {
            return false;
        }
        closeCode = code;
        socket.close(code, reason);
        // Whatever the code (4100, an idle 4200, an expired token's 4002), a client that stopped reading never lets
        // the close frame through and would keep its connection and backlog: drop it after the grace.
        gateway.abortIfStillOpen(this);
        return true;
    }

    void expiryTimer(long timer) {
        expiryTimer = timer;
    }

    void cancelExpiry(Vertx vertx) {
        long t = expiryTimer;
        if (t >= 0) {
            vertx.cancelTimer(t);
            expiryTimer = -1;
        }
    }

    /** The expiry timer {@code timer} fired: it is no longer armed (unless another replaced it meanwhile). */
    void expiryFired(long timer) {
        if (expiryTimer == timer) {
            expiryTimer = -1;
        }
    }

    boolean expiryArmed() {
        return expiryTimer >= 0;
    }

    /** Runs {@code task} on the socket's event loop (at once when there is no context to go to). */
    void onLoop(Runnable task) {
        if (context == null) {
            task.run();
        } else {
            context.runOnContext(v -> task.run());
        }
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    SessionSocket socket() {
        return socket;
    }

    // The socket's events, on its event loop: the session is its listener, so an idle socket holds no handler objects.
    // A Netty socket reports them outside any Vert.x context: a session opened on a context (/ws/user/<id>) runs them
    // under it, in the same turn, so that what a handler starts (an ack's database write) completes on the session's
    // loop, not on the thread that finished it, and the frames keep their order.

    @Override
    public void text(String text) {
        if (context != null && Vertx.currentContext() != context) {
            ContextSteps.run(context, () -> text(text));
            return;
        }
        if (msgpack) {
            gateway.refuseText(this);
        } else {
            gateway.dispatch(this, text);
        }
    }

    @Override
    public void binary(byte[] bytes) {
        if (context != null && Vertx.currentContext() != context) {
            ContextSteps.run(context, () -> binary(bytes));
            return;
        }
        if (msgpack) {
            gateway.dispatch(this, bytes);
        } else {
            gateway.refuseBinary(this);
        }
    }

    @Override
    public void pong() {
        touch();
    }

    @Override
    public void failed(Throwable cause) {
        gateway.socketFailed(this, cause);
    }

    @Override
    public void closed() {
        gateway.ended(this);
    }

    /** Runs when the socket is gone, whoever closed it; returns the code to count it under. */
    int ended() {
        closing = true;
        output.forget(gateway.outboundBudget());
        CopyOnWriteArrayList<Consumer<Session>> hooks = closeHooks;
        for (Consumer<Session> hook : hooks == null ? java.util.List.<Consumer<Session>>of() : hooks) {
            try {
                hook.accept(this);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Session.class).warn("close hook failed for session {}", id, e);
            }
        }
        if (closeCode >= 0) {
            return closeCode;
        }
        Short status = socket.closeStatus();
        return status == null ? 1006 : status;
    }

    @Override
    public String toString() {
        return "Session{" + id + ", user=" + principal.userId() + "}";
    }
}
