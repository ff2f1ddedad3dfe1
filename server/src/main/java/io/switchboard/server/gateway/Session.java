package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.channel.Subscriber;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One open WebSocket connection of an authenticated user: what it is subscribed to, its bounded outbound
 * queue (frames and bytes, its part of the node's {@link OutboundBudget}), its limits. Apps keep their
 * per-connection state under typed {@link SessionKey}s.
 */
public final class Session implements Subscriber {
    private final String id;
    private volatile Principal principal;
    private final ServerWebSocket socket;
    private final OutboundQueue queue;
    private final Gateway gateway;
    private final Set<String> channels = ConcurrentHashMap.newKeySet();
    private final Map<SessionKey<?>, Object> state = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<Session>> closeHooks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile int closeCode = -1;
    private volatile long lastSeenNanos = System.nanoTime();
    private volatile long expiryTimer = -1;
    final InboundLimits limits;
    /** Made once: the write path runs per delivery and should not allocate for this check. */
    private final java.util.function.BooleanSupplier backedUp;
    final HandlerSet handlers;

    Session(String id, Principal principal, ServerWebSocket socket, Gateway gateway, int queueLimit, long byteLimit,
            InboundLimits limits, HandlerSet handlers) {
        this.id = id;
        this.principal = principal;
        this.socket = socket;
        this.gateway = gateway;
        this.queue = new OutboundQueue(queueLimit, byteLimit);
        this.limits = limits;
        this.backedUp = socket::writeQueueFull;
        this.handlers = handlers;
    }

    /** The session id sent in {@code connection_established}. */
    public String id() {
        return id;
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

    /** The channels this session is subscribed to (live view). */
    @Override
    public Set<String> channels() {
        return channels;
    }

    /** The state an app keeps under {@code key} on this session, or null when none. */
    public <T> T get(SessionKey<T> key) {
        return key.cast(state.get(key));
    }

    /** Keeps {@code value} under {@code key} on this session, replacing what was there. */
    public <T> void put(SessionKey<T> key, T value) {
        state.put(key, value);
    }

    /** The state under {@code key}, made by {@code create} (once, atomically) when there is none yet. */
    public <T> T computeIfAbsent(SessionKey<T> key, Supplier<? extends T> create) {
        return key.cast(state.computeIfAbsent(key, k -> create.get()));
    }

    /** Whether the session is closing or closed. */
    @Override
    public boolean isClosed() {
        return closing.get();
    }

    /** Registers code to run once when the session ends (unsubscribe, presence, limits). */
    public void onClose(Consumer<Session> hook) {
        closeHooks.add(hook);
    }

    /** Frames written but not yet taken by the network. */
    public int pendingFrames() {
        return queue.pending();
    }

    /**
     * Bytes of the frames written but not yet taken by the network, each counted as
     * {@link OutboundBudget#cost(int)}: this session's part of the node's outbound backlog.
     */
    public long backlogBytes() {
        return queue.bytes();
    }

    /** Sends a JSON message of the given type. */
    public void send(JsonNode message) {
        JsonNode type = message.get("type");
        gateway.metrics().messageOut(type == null ? "other" : type.asText());
        write(Json.bytes(message));
    }

    @Override
    public void deliver(byte[] frame) {
        gateway.metrics().delivered();
        write(frame);
    }

    /**
     * Sends a frame already encoded as UTF-8 JSON (shared bytes, not modified), counted under {@code type}
     * in the metrics. For pushes encoded once for many sessions, such as a user's events.
     */
    public void send(String type, byte[] frame) {
        gateway.metrics().messageOut(type);
        write(frame);
    }

    private void write(byte[] frame) {
        if (closing.get()) {
            return;
        }
        int cost = OutboundBudget.cost(frame.length);
        OutboundQueue.Overflow overflow = queue.offer(cost, backedUp);
        if (overflow != null) {
            gateway.metrics().queueOverflow();
            if (closeSlow()) {
                gateway.metrics().slowConsumerClosed(overflow == OutboundQueue.Overflow.FRAMES
                        ? Metrics.SLOW_FRAMES : Metrics.SLOW_BYTES);
            }
            return;
        }
        OutboundBudget budget = gateway.outboundBudget();
        long backlog = budget.reserve(cost);
        // A text frame over bytes that are shared by every subscriber: the JSON is encoded once per
        // publication, not once per recipient. Vert.x has no public factory for a text frame from bytes.
        WebSocketFrameImpl textFrame = new WebSocketFrameImpl(WebSocketFrameType.TEXT, Unpooled.wrappedBuffer(frame), true);
        try {
            // Completes when the kernel took the frame, or when it failed with its connection: the bytes are
            // held until then (in the socket's task queue, then in Netty's outbound buffer).
            socket.writeFrame(textFrame).onComplete(ar -> {
                queue.written(cost);
                budget.release(cost);
            });
        } catch (RuntimeException e) {
            queue.written(cost);
            budget.release(cost);
            throw e;
        }
        if (budget.overNode(backlog)) {
            gateway.shedLargestBacklogs();
        }
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
        if (!closing.compareAndSet(false, true)) {
            return false;
        }
        closeCode = code;
        socket.close((short) code, reason);
        // Whatever the code (4100, an idle 4200, an expired token's 4002), a client that stopped reading never lets
        // the close frame through and would keep its connection and backlog: drop it after the grace.
        gateway.abortIfStillOpen(this);
        return true;
    }

    void expiryTimer(long timer) {
        expiryTimer = timer;
    }

    void cancelExpiry(io.vertx.core.Vertx vertx) {
        long t = expiryTimer;
        if (t >= 0) {
            vertx.cancelTimer(t);
            expiryTimer = -1;
        }
    }

    void touch() {
        lastSeenNanos = System.nanoTime();
    }

    long lastSeenNanos() {
        return lastSeenNanos;
    }

    ServerWebSocket socket() {
        return socket;
    }

    /** Runs when the socket is gone, whoever closed it; returns the code to count it under. */
    int ended() {
        closing.set(true);
        for (Consumer<Session> hook : closeHooks) {
            try {
                hook.accept(this);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Session.class).warn("close hook failed for session {}", id, e);
            }
        }
        if (closeCode >= 0) {
            return closeCode;
        }
        Short status = socket.closeStatusCode();
        return status == null ? 1006 : status;
    }

    @Override
    public String toString() {
        return "Session{" + id + ", user=" + principal.userId() + "}";
    }
}
