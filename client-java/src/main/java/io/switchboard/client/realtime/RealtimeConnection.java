package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.ServerError;
import io.switchboard.client.internal.ClientThread;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MsgPack;
import io.switchboard.protocol.SubProtocols;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okio.ByteString;

/**
 * One socket at a time to a Switchboard node, reconnected by the rules of docs/PROTOCOL.md as the JS client does:
 * backoff with jitter, at once after 4200–4299, never after 1000 and 4000–4099 (4001–4003: auth failed), a liveness
 * ping, requests matched to replies, and the token refreshed before it expires.
 *
 * <p>Everything runs on one thread (the "loop"): OkHttp's callbacks are posted to it tagged with the socket's
 * generation, so the state below needs no locks and events from an older socket are ignored. The token supplier runs
 * on the common pool, never on the loop, and its answer is posted back.
 */
final class RealtimeConnection {
    static final Logger LOG = Logger.getLogger("io.switchboard.client.realtime");
    static final int ABNORMAL = 1006;

    private final ConnectionSettings config;
    private final List<RealtimeListener> listeners;
    private final Endpoint endpoint;
    private final ScheduledThreadPoolExecutor loop;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Random random = new Random();
    final Requests requests;
    private final TokenRefresher refresher;

    private volatile RealtimeState state = RealtimeState.IDLE;
    private volatile String token;
    private volatile String sessionId;
    private volatile String userId;
    private WebSocket socket;
    /** Whether the current socket speaks MessagePack: asked for, and named by the server's 101 answer. */
    private volatile boolean binary;
    private int generation;
    private int attempt;
    private boolean everConnected;
    private ScheduledFuture<?> reconnectTimer;
    private ScheduledFuture<?> pingTimer;
    private ScheduledFuture<?> pongTimer;

    RealtimeConnection(RealtimeBuilder<?> builder, Endpoint endpoint, String threadName) {
        ConnectionSettings config = new ConnectionSettings(builder);
        this.config = config;
        this.listeners = new ArrayList<>(config.listeners);
        this.endpoint = endpoint;
        this.loop = ClientThread.start(threadName);
        this.ownsHttp = config.okHttp == null;
        OkHttpClient base = ownsHttp ? new OkHttpClient() : config.okHttp;
        // Liveness is the app-level ping below; OkHttp's own pings and retries would hide a dead socket from it.
        this.http = base.newBuilder().pingInterval(0, TimeUnit.MILLISECONDS).retryOnConnectionFailure(false).build();
        this.requests = new Requests(loop, this::write, config.maxQueued);
        this.refresher = new TokenRefresher(this);
    }

    // ---- from any thread ----

    RealtimeState state() {
        return state;
    }

    String sessionId() {
        return sessionId;
    }

    /** The format the current (or last) socket speaks: MessagePack only when asked for and granted. */
    WireFormat wireFormat() {
        return binary ? WireFormat.MSGPACK : WireFormat.JSON;
    }

    String userId() {
        return userId;
    }

    void connect() {
        post(() -> {
            if (state == RealtimeState.CONNECTING || state == RealtimeState.CONNECTED || state == RealtimeState.RECONNECTING) {
                return;
            }
            attempt = 0;
            open();
        });
    }

    void reconnectNow() {
        post(() -> {
            if (state == RealtimeState.FAILED) {
                attempt = 0;
                open();
            } else if (state == RealtimeState.RECONNECTING && reconnectTimer != null) {
                cancel(reconnectTimer);
                reconnectTimer = null;
                open();
            }
        });
    }

    /** Closes the socket (1000) and stops reconnecting; requests fail, subscriptions are kept for {@code connect()}. */
    void disconnect() {
        post(() -> stop(RealtimeState.CLOSED, 1000, "client disconnect", new DisconnectedException("disconnected")));
    }

    /** Disconnects and releases the thread (and the OkHttp client when the SDK made it). Idempotent. */
    void close() {
        disconnect();
        ClientThread.stop(loop, http, ownsHttp);
    }

    /** Sends a request (now, or once connected) and completes with the reply's {@code data}, on the client's thread. */
    CompletableFuture<JsonNode> request(String type, JsonNode data) {
        CompletableFuture<JsonNode> result = new CompletableFuture<>();
        boolean posted = post(() -> forward(requests.request(type, data, config.requestTimeout.toMillis()), result));
        if (!posted) {
            result.completeExceptionally(new DisconnectedException("the client is closed"));
        }
        return result;
    }

    /** Runs a task on the client's thread; false once the client is closed. */
    boolean post(Runnable task) {
        try {
            loop.execute(() -> guarded(task));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    ScheduledFuture<?> schedule(Runnable task, long millis) {
        return loop.schedule(() -> guarded(task), millis, TimeUnit.MILLISECONDS);
    }

    long requestTimeoutMillis() {
        return config.requestTimeout.toMillis();
    }

    double random() {
        return random.nextDouble();
    }

    // ---- on the loop ----

    boolean connected() {
        return state == RealtimeState.CONNECTED && socket != null;
    }

    /**
     * Writes a frame (JSON text, as the requests build it) if a session is established, in MessagePack on a socket of
     * the binary protocol; false otherwise (nothing is queued).
     */
    boolean write(String frame) {
        if (!connected()) {
            return false;
        }
        return binary ? socket.send(ByteString.of(MsgPack.write(Json.parse(frame)))) : socket.send(frame);
    }

    /** A fresh token and a {@code refresh_token} for it, so the session outlives the old one. */
    CompletableFuture<Void> refreshToken() {
        return refresher.refresh();
    }

    String token() {
        return token;
    }

    void token(String fresh) {
        token = fresh;
    }

    boolean fixedToken() {
        return config.fixedToken;
    }

    CompletableFuture<String> fetchToken() {
        TokenSupplier supplier = config.tokenSupplier;
        return fetch(supplier::token);
    }

    /** Runs a supplier of the app's off the client's thread (it may block); its answer is not on the client's thread. */
    static CompletableFuture<String> fetch(java.util.concurrent.Callable<String> supplier) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return supplier.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("the token supplier failed", e);
            }
        }, ForkJoinPool.commonPool());
    }

    /** The delay before refreshing a token that expires at {@code expiresAt}: {@code refreshBefore}, at most half its life. */
    long refreshDelayMillis(long expiresAt) {
        long now = System.currentTimeMillis();
        long margin = Math.min(config.refreshBefore.toMillis(), Math.max(0, (expiresAt - now) / 2));
        return Math.max(0, expiresAt - margin - now);
    }

    private void open() {
        int gen = ++generation;
        setState(attempt == 0 ? RealtimeState.CONNECTING : RealtimeState.RECONNECTING);
        fetchToken().whenComplete((fresh, failure) -> post(() -> {
            if (gen != generation) {
                return;
            }
            if (failure != null) {
                LOG.log(Level.WARNING, "the Switchboard token supplier failed; will retry", failure);
                scheduleReconnect(ABNORMAL, "token supplier failed", false);
                return;
            }
            if (fresh == null || fresh.isEmpty()) {
                authFailed(new AuthFailedException(4001, "no token"));
                return;
            }
            token = fresh;
            Request.Builder request = new Request.Builder().url(endpoint.url(config.server))
                    .header("Authorization", "Bearer " + fresh);
            if (config.format == WireFormat.MSGPACK) {
                request.header("Sec-WebSocket-Protocol", SubProtocols.MSGPACK);
            }
            binary = false;
            socket = http.newWebSocket(request.build(), new SocketCallbacks(this, gen));
            armPongDeadline(); // covers the wait for connection_established too
        }));
    }

    void onOpen(int gen, String protocol) {
        if (gen == generation) {
            binary = SubProtocols.MSGPACK.equals(protocol);
        }
    }

    void onText(int gen, String text) {
        JsonNode frame;
        try {
            frame = Json.mapper().readTree(text);
        } catch (Exception e) {
            frame = null;
            LOG.fine("skipping a frame that is not JSON");
        }
        onFrame(gen, frame, text);
    }

    void onBinary(int gen, byte[] msgpack) {
        JsonNode frame;
        try {
            frame = MsgPack.read(msgpack);
        } catch (RuntimeException e) {
            frame = null;
            LOG.fine("skipping a frame that is not MessagePack of protocol version 1");
        }
        onFrame(gen, frame, null);
    }

    /** A decoded frame; {@code text} is the frame as it arrived when it was JSON (a delta's base is read from it). */
    private void onFrame(int gen, JsonNode frame, String text) {
        if (gen != generation || socket == null) {
            return;
        }
        cancel(pongTimer); // any frame proves the connection alive
        pongTimer = null;
        if (frame == null) {
            return;
        }
        if (frame == null || !frame.isObject() || !frame.path("type").isTextual()) {
            LOG.fine("skipping a frame that is not an envelope");
            return;
        }
        String type = frame.get("type").asText();
        boolean reply = "ack".equals(type) || "pong".equals(type) || "error".equals(type);
        if (reply && frame.hasNonNull("id") && requests.settle(frame)) {
            return;
        }
        if ("connection_established".equals(type)) {
            established(frame.path("data"));
        } else if ("error".equals(type)) {
            ServerError error = Requests.serverError(frame.path("error"));
            each(l -> l.onServerError(error));
        } else {
            endpoint.frame(type, frame, text);
        }
    }

    private void established(JsonNode data) {
        sessionId = data.path("session_id").asText(null);
        userId = data.path("user_id").asText(userId);
        boolean reconnected = everConnected;
        everConnected = true;
        attempt = 0;
        RealtimeState previous = state;
        state = RealtimeState.CONNECTED;
        // Subscriptions first (with their positions), then what the app asked for while away, in order; only then tell
        // the app, so that what it sends from its listener goes after them.
        endpoint.established(reconnected);
        requests.flush();
        startPing();
        refresher.schedule(-1);
        notifyState(previous, RealtimeState.CONNECTED);
        String session = sessionId;
        String user = userId;
        each(l -> l.onConnected(session, user, reconnected));
    }

    void onClosed(int gen, int code, String reason) {
        if (gen != generation || socket == null) {
            return;
        }
        lost(code, reason);
    }

    private void lost(int code, String reason) {
        dropSocket();
        requests.failSent(new DisconnectedException("connection closed (" + code + (reason == null || reason.isEmpty() ? "" : ": " + reason) + ")"));
        AfterClose next = AfterClose.of(code);
        if (next == AfterClose.AUTH_FAILED) {
            authFailed(new AuthFailedException(code, reason));
        } else if (next == AfterClose.STOP) {
            stop(RealtimeState.CLOSED, code, reason, new DisconnectedException("closed by the server (" + code + ": " + reason + ")"));
        } else {
            scheduleReconnect(code, reason, next == AfterClose.AT_ONCE);
        }
    }

    private void scheduleReconnect(int code, String reason, boolean atOnce) {
        if (attempt >= config.maxReconnectAttempts) {
            stop(RealtimeState.FAILED, code, reason, new DisconnectedException("gave up reconnecting after " + attempt + " attempts"));
            return;
        }
        Backoff backoff = config.backoff;
        long delay = atOnce && attempt == 0 ? 0 : backoff.delayMillis(attempt, random.nextDouble());
        attempt++;
        setState(RealtimeState.RECONNECTING);
        int gen = generation;
        LOG.fine("socket lost (" + code + " " + reason + "); reconnecting in " + delay + " ms");
        reconnectTimer = schedule(() -> {
            reconnectTimer = null;
            if (gen == generation) {
                open();
            }
        }, delay);
    }

    private void authFailed(AuthFailedException error) {
        stop(RealtimeState.AUTH_FAILED, error.closeCode(), error.reason(), error);
        each(l -> l.onAuthFailed(error));
        if (listeners.isEmpty()) {
            LOG.warning("Switchboard: " + error.getMessage() + "; not reconnecting");
        }
    }

    private void stop(RealtimeState next, int code, String reason, RuntimeException why) {
        generation++;
        cancel(reconnectTimer);
        reconnectTimer = null;
        WebSocket s = socket;
        if (s != null) {
            s.close(1000, reason == null ? null : truncate(reason)); // a clean close, not an abort
            socket = null;
        }
        dropSocket(s != null);
        requests.failAll(why);
        endpoint.stopped(why);
        setState(next);
    }

    private void dropSocket() {
        boolean had = socket != null;
        if (had) {
            socket.cancel();
        }
        dropSocket(had);
    }

    /** Forgets the socket (already closed or cancelled) and its timers; {@code had} tells the endpoint it is gone. */
    private void dropSocket(boolean had) {
        generation++;
        socket = null;
        sessionId = null;
        cancel(pingTimer);
        cancel(pongTimer);
        refresher.cancel();
        pingTimer = pongTimer = null;
        if (had) {
            endpoint.lost();
        }
    }

    private void startPing() {
        long every = config.pingInterval.toMillis();
        pingTimer = loop.scheduleAtFixedRate(() -> guarded(() -> {
            if (!connected()) {
                return;
            }
            armPongDeadline();
            requests.request("ping", null, config.pongTimeout.toMillis());
        }), every, every, TimeUnit.MILLISECONDS);
    }

    private void armPongDeadline() {
        if (pongTimer != null) {
            return;
        }
        int gen = generation;
        long timeout = config.pongTimeout.toMillis();
        pongTimer = schedule(() -> {
            pongTimer = null;
            if (gen == generation && socket != null) {
                // A dead network may never deliver a close: give up on this socket now.
                lost(ABNORMAL, "no frame within " + timeout + " ms");
            }
        }, timeout);
    }

    private void setState(RealtimeState next) {
        RealtimeState previous = state;
        if (previous == next) {
            return;
        }
        state = next;
        notifyState(previous, next);
    }

    private void notifyState(RealtimeState from, RealtimeState to) {
        each(l -> l.onStateChanged(from, to));
    }

    /** Calls every listener; one that throws is reported and does not stop the others. */
    void each(Consumer<RealtimeListener> call) {
        for (RealtimeListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a Switchboard listener threw", e);
            }
        }
    }

    /** A handler of the app threw while handling {@code frame}: tell the listeners (or the log), and go on. */
    void handlerFailed(Throwable error, JsonNode frame) {
        if (listeners.isEmpty()) {
            LOG.log(Level.WARNING, "a Switchboard handler threw on " + frame.path("type").asText(), error);
        }
        each(l -> l.onHandlerError(error, frame));
    }

    private static void forward(CompletableFuture<JsonNode> from, CompletableFuture<JsonNode> to) {
        from.whenComplete((v, e) -> {
            if (e != null) {
                to.completeExceptionally(e);
            } else {
                to.complete(v);
            }
        });
    }

    private static String truncate(String reason) {
        return reason.length() > 40 ? reason.substring(0, 40) : reason; // at most 123 bytes in UTF-8
    }

    static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }

    private static void guarded(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.SEVERE, "Switchboard client task failed", e);
        }
    }
}
