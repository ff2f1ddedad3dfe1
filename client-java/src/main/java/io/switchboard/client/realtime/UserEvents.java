package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;

/**
 * A user's durable events, on {@code /ws/user/<user id>} (docs/PROTOCOL.md, "Per-user events"), each handed to the
 * app's handlers exactly once and in sequence order, across reconnects and server restarts. The socket declares
 * {@code delivery=ack}: the server keeps an event until this client acks it, which it does once the handlers ran.
 * Every reconnect passes {@code last_seq}, the last event processed, so the server replays exactly what followed;
 * an event seen again (a redelivery) is dropped and acked again. Connection rules are those of
 * {@link SwitchboardChannels}.
 *
 * <pre>{@code
 * UserEvents events = UserEvents.builder("https://switchboard.example.com", userId)
 *         .tokenSupplier(() -> backend.fetchToken())
 *         .lastSeq(store.lastSeq())                       // where the app stopped last time, if it keeps it
 *         .build();
 * events.on("notification", e -> { show(e.data()); store.saveLastSeq(e.seq()); });
 * events.connect();
 * }</pre>
 *
 * <p>Thread-safe. Handlers run on the client's thread, one event at a time: do not block there.
 */
public final class UserEvents implements AutoCloseable {
    /** The handler type that receives every event, whatever its type. */
    public static final String ANY = "*";

    private final String userId;
    private final boolean resume;
    private final boolean autoAck;
    private final long ackDelayMillis;
    private final RealtimeConnection connection;
    private final HandlerRegistry<UserEventHandler> handlers = new HandlerRegistry<>();
    private final AtomicLong duplicates = new AtomicLong();
    /** The last event processed; -1 for none. Written on the client's thread. */
    private volatile long lastSeq;
    // The client's thread only.
    private long highestOnSocket = -1;
    private ScheduledFuture<?> ackTimer;

    private UserEvents(Builder b) {
        this.userId = b.userId;
        this.resume = b.resume;
        this.autoAck = b.autoAck;
        this.ackDelayMillis = b.ackDelay.toMillis();
        this.lastSeq = b.lastSeq;
        this.connection = new RealtimeConnection(b, new UserEndpoint(), "switchboard-user-events");
    }

    /** A builder for {@code userId}'s events on the node at {@code serverUrl}; the token must be that user's. */
    public static Builder builder(String serverUrl, String userId) {
        return new Builder(serverUrl, userId);
    }

    /** Adds a handler for events of {@code type} ({@link #ANY} for all); every handler of a type runs. */
    public Registration on(String type, UserEventHandler handler) {
        return handlers.register(type, handler);
    }

    /** Opens the connection; nothing while one is open. Register handlers first so that the replay reaches them. */
    public void connect() {
        connection.connect();
    }

    /** Acks what was processed, then closes the socket and stops reconnecting. */
    public void disconnect() {
        connection.post(this::flushAck);
        connection.disconnect();
    }

    /** Skips the backoff wait now, or starts again after giving up. */
    public void reconnectNow() {
        connection.reconnectNow();
    }

    /** The connection's state. */
    public RealtimeState state() {
        return connection.state();
    }

    /**
     * The format of the current (or last) socket: {@link WireFormat#MSGPACK} when the builder asked for it and the
     * server's 101 answer granted it, else {@link WireFormat#JSON}.
     */
    public WireFormat wireFormat() {
        return connection.wireFormat();
    }

    /** The user whose events these are. */
    public String userId() {
        return userId;
    }

    /** The sequence number of the last event processed, if any. */
    public OptionalLong lastSeq() {
        long s = lastSeq;
        return s < 0 ? OptionalLong.empty() : OptionalLong.of(s);
    }

    /**
     * Asks the server to replay, on the open socket, every event after the last processed (without one: every event
     * not acked), then go on live; completes with the position the socket is at. The client already resumes on every
     * reconnect; this is for an app that wants to catch up without reconnecting.
     */
    public CompletableFuture<Long> resume() {
        ObjectNode data = Json.object();
        long s = lastSeq;
        if (s >= 0) {
            data.put("last_seq", s);
        }
        return connection.request("resume", data).thenApply(ack -> ack == null ? lastSeq : ack.path("last_seq").asLong(lastSeq));
    }

    /** Acks every event processed so far now (with {@code autoAck}, the default, the client does it by itself). */
    public void ack() {
        connection.post(this::sendAck);
    }

    /** Gets a fresh token from the supplier and hands it to the server now; the client also does this before expiry. */
    public CompletableFuture<Void> refreshToken() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!connection.post(() -> connection.refreshToken().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(null);
            }
        }))) {
            result.completeExceptionally(new DisconnectedException("the client is closed"));
        }
        return result;
    }

    /** Events dropped because they had been processed already (redeliveries; for tests and metrics). */
    public long duplicatesDropped() {
        return duplicates.get();
    }

    /** Acks what was processed, closes the socket and releases the client's thread. Idempotent. */
    @Override
    public void close() {
        connection.post(this::flushAck);
        connection.close();
    }

    // ---- the client's thread ----

    private void scheduleAck() {
        if (ackTimer != null || !autoAck) {
            return;
        }
        ackTimer = connection.schedule(() -> {
            ackTimer = null;
            sendAck();
        }, ackDelayMillis);
    }

    /** Sends the ack a timer was waiting to send, now (the socket is about to close). */
    private void flushAck() {
        if (ackTimer != null) {
            ackTimer.cancel(false);
            ackTimer = null;
            sendAck();
        }
    }

    /** Acks up to the last event processed, but never past what this socket was sent (the server refuses that). */
    private void sendAck() {
        long upTo = Math.min(lastSeq, highestOnSocket);
        if (upTo > 0) {
            connection.write("{\"type\":\"ack\",\"seq\":" + upTo + "}");
        }
    }

    private void dispatch(UserEvent event, JsonNode frame) {
        int ran = handlers.dispatch(event.type(), h -> h.onEvent(event), e -> connection.handlerFailed(e, frame));
        ran += handlers.dispatch(ANY, h -> h.onEvent(event), e -> connection.handlerFailed(e, frame));
        if (ran == 0) {
            java.util.logging.Logger.getLogger("io.switchboard.client.realtime").fine("no handler for " + event.type());
        }
    }

    /** The per-user socket's part of the connection. */
    private final class UserEndpoint implements Endpoint {
        @Override
        public HttpUrl url(HttpUrl server) {
            HttpUrl.Builder url = server.newBuilder().addPathSegment("ws").addPathSegment("user").addPathSegment(userId)
                    .addQueryParameter("delivery", "ack");
            long s = lastSeq;
            if (resume && s >= 0) {
                url.addQueryParameter("last_seq", Long.toString(s));
            }
            return url.build();
        }

        @Override
        public void established(boolean reconnected) {
            highestOnSocket = -1;
        }

        @Override
        public void frame(String type, JsonNode frame) {
            JsonNode seqNode = frame.get("seq");
            if (seqNode == null || !seqNode.canConvertToLong()) {
                dispatch(new UserEvent(type, -1, frame.path("data"), frame), frame);
                return;
            }
            long seq = seqNode.asLong();
            highestOnSocket = Math.max(highestOnSocket, seq);
            if (seq <= lastSeq) {
                duplicates.incrementAndGet();
                scheduleAck(); // the server may not have our ack yet: say again where we are
                return;
            }
            dispatch(new UserEvent(type, seq, frame.path("data"), frame), frame);
            lastSeq = seq;
            scheduleAck();
        }

        @Override
        public void lost() {
            highestOnSocket = -1;
            if (ackTimer != null) {
                ackTimer.cancel(false);
                ackTimer = null;
            }
        }

        @Override
        public void stopped(RuntimeException why) {
            lost();
        }
    }

    /** Configures a {@link UserEvents}; see {@link RealtimeBuilder} for the shared settings. */
    public static final class Builder extends RealtimeBuilder<Builder> {
        final String userId;
        long lastSeq = -1;
        boolean resume = true;
        boolean autoAck = true;
        Duration ackDelay = Duration.ofMillis(20);

        Builder(String serverUrl, String userId) {
            super(serverUrl);
            Objects.requireNonNull(userId, "userId");
            if (userId.isEmpty() || userId.length() > 128) {
                throw new IllegalArgumentException("a user id is 1 to 128 characters");
            }
            this.userId = userId;
        }

        /**
         * The last event the app processed in an earlier run (kept in its storage): the first connection resumes after
         * it. Without it the first connection gets every event not yet acked.
         */
        public Builder lastSeq(long seq) {
            if (seq < 0) {
                throw new IllegalArgumentException("lastSeq must be 0 or more");
            }
            this.lastSeq = seq;
            return this;
        }

        /** Whether reconnects pass {@code last_seq} (default true; false relies on the server's acked status alone). */
        public Builder resume(boolean resume) {
            this.resume = resume;
            return this;
        }

        /** Whether the client acks events once the handlers ran (default true); false: call {@link UserEvents#ack()}. */
        public Builder autoAck(boolean autoAck) {
            this.autoAck = autoAck;
            return this;
        }

        /** How long acks are coalesced before one is sent for a burst (default 20 ms). */
        public Builder ackDelay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("ackDelay must not be negative");
            }
            this.ackDelay = delay;
            return this;
        }

        /** Builds the client; nothing connects until {@link UserEvents#connect()}. */
        public UserEvents build() {
            checkCommon();
            return new UserEvents(this);
        }
    }
}
