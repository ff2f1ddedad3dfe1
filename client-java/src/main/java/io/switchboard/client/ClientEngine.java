package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.buffer.BufferedMessage;
import io.switchboard.client.buffer.MessageBuffer;
import io.switchboard.client.internal.ClientThread;
import io.switchboard.client.telemetry.Telemetry;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;

/**
 * The client's machinery. Everything but {@link #submit} runs on one thread (the "loop"), so the state below needs
 * no locks: OkHttp's callbacks are posted to it, tagged with the socket generation or the call they belong to, and
 * stale ones are ignored.
 *
 * <p>Sending: messages go out in buffer order. On the socket at most {@code window} are unanswered at once; after a
 * (re)connect the client starts again from the oldest unacked message. Without a socket, the buffer is drained over
 * HTTP one batch at a time ({@link FallbackSender}), and the socket waits for an HTTP batch in flight to finish, so a
 * device's messages reach the server in order whatever the transport.
 *
 * <p>It is a long class because the socket, the window, the heartbeat and the pump share state that one thread owns;
 * the fallback, the plumbing and the policies (backoff, states, send rate) live in their own classes.
 */
final class ClientEngine {
    private static final Logger LOG = Logger.getLogger("io.switchboard.client");

    private final ClientBuilder config;
    private final MessageBuffer buffer;
    private final Listeners listeners;
    private final Counters counters = new Counters();
    private final ConnectionStateMachine states;
    private final ScheduledExecutorService loop;
    private final OkHttpClient http;
    private final boolean ownsHttp;
    private final Random random = new Random();
    private final AtomicBoolean pumpQueued = new AtomicBoolean();
    private final int recovered;
    private final HttpUrl socketUrl;
    private volatile boolean closed;

    // The socket. A generation number tags each one; events from an older one are ignored.
    private WebSocket socket;
    private int generation;
    private boolean ready;
    private boolean everConnected;
    private int socketAttempt;
    private ScheduledFuture<?> reconnectTask;
    private ScheduledFuture<?> heartbeatTask;
    private long lastReceivedNanos;
    private long lastPingNanos;
    private long pings;

    // The socket's window of sent, unanswered messages, by seq and by id.
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private final Map<String, Long> seqById = new HashMap<>();
    private long lastSentSeq;
    private long highestSentSeq;
    private long pausedUntilNanos;
    private int temporaryErrors;
    private final SendRate sendRate;
    /** After a temporary refusal, one message at a time until the next ack, so the retry does not meet the same wall. */
    private boolean congested;

    private final FallbackSender fallback;
    private ScheduledFuture<?> pumpTask;

    private static final class InFlight {
        final BufferedMessage message;
        final long sentAtNanos;

        InFlight(BufferedMessage message, long sentAtNanos) {
            this.message = message;
            this.sentAtNanos = sentAtNanos;
        }
    }

    ClientEngine(ClientBuilder config, MessageBuffer buffer) {
        this.config = config;
        this.buffer = buffer;
        this.listeners = new Listeners(config);
        this.recovered = buffer.size();
        this.sendRate = config.maxSendRate > 0 ? new SendRate(config.maxSendRate, System.nanoTime()) : null;
        this.states = new ConnectionStateMachine(System::nanoTime, listeners::state);
        this.loop = Plumbing.loop();
        this.ownsHttp = config.okHttp == null;
        this.http = Plumbing.okHttp(config);
        this.socketUrl = Plumbing.socketUrl(config);
        this.fallback = new FallbackSender(this, config, buffer, http, states, counters);
        buffer.onDrop(m -> listeners.dropped(m.id(), m.type()));
    }

    // ---- called from the app's threads ----

    void start() {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        states.start();
        post(this::connect);
    }

    String submit(Telemetry telemetry) {
        if (closed) {
            throw new IllegalStateException("the client is closed");
        }
        String id = UUID.randomUUID().toString();
        String text = Plumbing.envelope(telemetry, id);
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > config.maxMessageBytes) {
            throw new MessageTooLargeException(bytes, config.maxMessageBytes);
        }
        buffer.append(id, telemetry.type(), text, System.currentTimeMillis());
        requestPump();
        return id;
    }

    void reconnectNow() {
        post(() -> {
            if (states.stopped() || states.current() == ConnectionState.CONNECTING) {
                return;
            }
            socketAttempt = 0;
            if (socket != null) {
                socketLost(1006, "reconnect requested by the app", true);
            } else {
                cancel(reconnectTask);
                connect();
            }
        });
    }

    ClientStats stats() {
        return counters.snapshot(states, buffer, recovered);
    }

    ConnectionState state() {
        return states.current();
    }

    /** Whether the client has stopped for good (closed, or refused by the server). */
    boolean stopped() {
        return states.stopped();
    }

    MessageBuffer buffer() {
        return buffer;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            loop.execute(() -> {
                states.stop();
                if (socket != null) {
                    socket.close(1000, "client closed");
                    socket = null;
                }
                stopTimersAndCalls();
            });
        } catch (RejectedExecutionException e) {
            // Already shut down.
        }
        ClientThread.stop(loop, http, ownsHttp);
        buffer.close();
    }

    /** Runs a task on the loop; dropped once the client is closed. */
    void post(Runnable task) {
        try {
            loop.execute(Plumbing.guarded(task));
        } catch (RejectedExecutionException e) {
            // Closed: OkHttp may still report on sockets and calls that were cancelled.
        }
    }

    private void requestPump() {
        if (pumpQueued.compareAndSet(false, true)) {
            post(() -> {
                pumpQueued.set(false);
                pump();
            });
        }
    }

    // ---- the socket ----

    private void connect() {
        if (states.stopped()) {
            return;
        }
        reconnectTask = null;
        int gen = ++generation;
        Request.Builder request = new Request.Builder().url(socketUrl);
        if (config.bearerToken != null) {
            request.header("Authorization", "Bearer " + config.bearerToken);
        }
        ready = false;
        socket = http.newWebSocket(request.build(), new SocketEvents(this, gen));
        // A socket that opens but never says connection_established (a stuck server, a proxy that swallows frames)
        // must not hold the client in CONNECTING: give it the connect and read timeouts, then count it lost.
        long limit = config.connectTimeout.toMillis() + config.httpTimeout.toMillis();
        loop.schedule(Plumbing.guarded(() -> {
            if (gen == generation && socket != null && !ready && !states.stopped()) {
                socketLost(1006, "no connection_established within " + limit + " ms", false);
            }
        }), limit, TimeUnit.MILLISECONDS);
    }

    void onSocketOpen(int gen) {
        if (gen != generation || socket == null || states.stopped()) {
            return;
        }
        if (config.authMode == AuthMode.AUTH_FLOW) {
            ObjectNode auth = Json.object().put("type", "auth").put("id", "auth-" + gen);
            auth.putObject("data").put("child_hash", config.childHash);
            socket.send(Json.write(auth));
        }
    }

    void onSocketText(int gen, String text) {
        if (gen != generation || socket == null || states.stopped()) {
            return;
        }
        lastReceivedNanos = System.nanoTime();
        JsonNode frame;
        try {
            frame = Json.mapper().readTree(text);
        } catch (Exception e) {
            LOG.fine("ignoring a frame that is not JSON");
            return;
        }
        String type = frame.path("type").asText("");
        switch (type) {
            case MessageTypes.ACK:
                answered(frame.path("id").asText(null), null, Transport.WEBSOCKET);
                break;
            case MessageTypes.ERROR:
                ServerError error = ServerError.from(frame.path("error"));
                if (frame.hasNonNull("id")) {
                    answered(frame.get("id").asText(), error, Transport.WEBSOCKET);
                } else {
                    LOG.warning("the server refused a frame it could not tie to a message: " + error);
                }
                break;
            case MessageTypes.PONG:
                break;
            case MessageTypes.CONNECTION_ESTABLISHED:
                established();
                listeners.push(type, frame);
                break;
            default:
                listeners.push(type, frame);
        }
        pump();
    }

    private void established() {
        if (ready) {
            return;
        }
        ready = true;
        socketAttempt = 0;
        if (everConnected) {
            counters.reconnects.incrementAndGet();
        }
        everConnected = true;
        inFlight.clear();
        seqById.clear();
        lastSentSeq = 0;
        congested = false;
        long now = System.nanoTime();
        lastReceivedNanos = now;
        lastPingNanos = now;
        long every = config.heartbeatInterval.toMillis();
        heartbeatTask = loop.scheduleAtFixedRate(Plumbing.guarded(this::heartbeat), every, every, TimeUnit.MILLISECONDS);
        states.socketUp();
    }

    void onSocketLost(int gen, int code, String reason) {
        if (gen != generation || socket == null || states.stopped()) {
            return;
        }
        socketLost(code, reason, false);
    }

    /** The current socket is gone (closed, failed, or presumed dead): count it lost and plan the next attempt. */
    private void socketLost(int code, String reason, boolean atOnce) {
        generation++;
        socket.cancel();
        socket = null;
        ready = false;
        cancel(heartbeatTask);
        heartbeatTask = null;
        // What was in flight stays in the buffer and is sent again, over HTTP or the next socket.
        inFlight.clear();
        seqById.clear();
        if (ConnectionStateMachine.isFatal(code)) {
            fatal(new FatalError(Transport.WEBSOCKET, code, reason));
            return;
        }
        LOG.fine("socket lost (" + code + " " + reason + ")");
        long delay = atOnce && socketAttempt == 0 ? 0
                : ConnectionStateMachine.reconnectDelayMillis(code, socketAttempt, config.backoff, random.nextDouble());
        socketAttempt++;
        if (delay == 0) {
            // Expected back at once: wait for it rather than start a fallback request (if it fails, the next loss backs off).
            states.reconnectingAtOnce();
            connect();
            return;
        }
        states.socketDown();
        reconnectTask = loop.schedule(Plumbing.guarded(this::connect), delay, TimeUnit.MILLISECONDS);
        pump();
    }

    private void heartbeat() {
        if (!ready || socket == null) {
            return;
        }
        long now = System.nanoTime();
        if (lastReceivedNanos < lastPingNanos) {
            socketLost(1006, "no frame from the server within a heartbeat interval", true);
            pump();
            return;
        }
        long ackTimeout = config.ackTimeout.toNanos();
        for (InFlight f : inFlight.values()) {
            if (now - f.sentAtNanos > ackTimeout) {
                socketLost(1006, "no answer to a message within " + config.ackTimeout.toMillis() + " ms", true);
                pump();
                return;
            }
        }
        lastPingNanos = now;
        socket.send("{\"type\":\"ping\",\"id\":\"hb-" + (++pings) + "\"}");
    }

    // ---- sending ----

    void pump() {
        if (states.stopped()) {
            return;
        }
        if (ready) {
            if (!fallback.busy()) {
                pumpSocket(); // after the batch in flight is answered, so that order holds across the switch
            }
        } else if (states.current() == ConnectionState.SENDING_HTTP || states.current() == ConnectionState.OFFLINE) {
            fallback.pump();
        }
    }

    private void pumpSocket() {
        long now = System.nanoTime();
        if (now < pausedUntilNanos) {
            pumpLater(pausedUntilNanos - now);
            return;
        }
        int room = (congested ? 1 : config.window) - inFlight.size();
        while (room > 0) {
            List<BufferedMessage> next = buffer.peek(lastSentSeq, room);
            if (next.isEmpty()) {
                return;
            }
            for (BufferedMessage m : next) {
                lastSentSeq = m.seq();
                if (inFlight.containsKey(m.seq())) {
                    continue;
                }
                if (sendRate != null && !sendRate.tryTake(now)) {
                    lastSentSeq = m.seq() - 1;
                    pumpLater(sendRate.nanosUntilNext(now));
                    return;
                }
                if (!socket.send(m.envelope())) {
                    return;
                }
                inFlight.put(m.seq(), new InFlight(m, now));
                seqById.put(m.id(), m.seq());
                counters.sentWebSocket.incrementAndGet();
                countSend(m);
                room--;
            }
        }
    }

    /** Counts a send as a resend when the message was sent before (sends go in seq order). */
    void countSend(BufferedMessage m) {
        if (m.seq() <= highestSentSeq) {
            counters.resent.incrementAndGet();
        } else {
            highestSentSeq = m.seq();
        }
    }

    /** An ack (error null) or error for the socket message with this id. */
    private void answered(String id, ServerError error, Transport transport) {
        Long seq = id == null ? null : seqById.remove(id);
        if (seq == null) {
            return; // the auth message, or a message already answered, dropped, or from an older socket
        }
        InFlight f = inFlight.remove(seq);
        long now = System.nanoTime();
        Delivery d = new Delivery(id, f.message.type(), transport, now - f.sentAtNanos, f.message.createdAtMillis());
        if (error == null) {
            acked(f.message, d);
        } else if (error.temporary()) {
            // Keep it, pause, and go back to it: everything after it that is not in flight follows in order.
            lastSentSeq = Math.min(lastSentSeq, seq - 1);
            congested = true;
            pausedUntilNanos = now + temporaryPauseNanos();
        } else {
            rejected(f.message, d, error);
        }
    }

    void acked(BufferedMessage m, Delivery d) {
        if (buffer.remove(m.seq())) {
            counters.acked.incrementAndGet();
            temporaryErrors = 0;
            congested = false;
            listeners.acked(d);
        }
    }

    void rejected(BufferedMessage m, Delivery d, ServerError error) {
        if (buffer.remove(m.seq())) {
            counters.rejected.incrementAndGet();
            listeners.rejected(d, error);
        }
    }

    // ---- shared ----

    void fatal(FatalError error) {
        LOG.warning("the server refused this device for good: " + error);
        if (socket != null) {
            socket.cancel();
            socket = null;
        }
        // The app hears why before the client counts as stopped: code that waits for the stop (awaitDrained) and
        // then asks what happened must find the error, not a stop without a reason.
        listeners.fatal(error);
        states.stop();
        stopTimersAndCalls();
    }

    private void stopTimersAndCalls() {
        cancel(reconnectTask);
        cancel(heartbeatTask);
        cancel(pumpTask);
        reconnectTask = null;
        heartbeatTask = null;
        pumpTask = null;
        fallback.cancel();
    }

    /** The pause after a temporary refusal, growing with each one until an ack. */
    long temporaryPauseNanos() {
        return TimeUnit.MILLISECONDS.toNanos(config.backoff.delayMillis(temporaryErrors++, random.nextDouble()));
    }

    /** A backoff wait for attempt {@code attempt}, in nanoseconds. */
    long backoffNanos(int attempt) {
        return TimeUnit.MILLISECONDS.toNanos(config.backoff.delayMillis(attempt, random.nextDouble()));
    }

    void pumpLater(long nanos) {
        if (pumpTask != null) {
            return; // a pump is already due
        }
        long millis = Math.max(1, (nanos + 999_999) / 1_000_000);
        pumpTask = loop.schedule(Plumbing.guarded(() -> {
            pumpTask = null;
            pump();
        }), millis, TimeUnit.MILLISECONDS);
    }

    private static void cancel(ScheduledFuture<?> task) {
        if (task != null) {
            task.cancel(false);
        }
    }
}
