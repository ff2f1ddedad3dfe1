package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.SwitchboardClientException;
import io.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.HttpUrl;

/**
 * A user's connection to a Switchboard node's channels, on {@code /ws}: subscribe with recovery, publish, presence,
 * history and RPC (docs/PROTOCOL.md). One socket at a time, reconnected by the protocol's close codes with backoff and
 * jitter, its token refreshed before it expires; subscriptions outlive reconnects and resume where they left off.
 *
 * <pre>{@code
 * SwitchboardChannels channels = SwitchboardChannels.builder("https://switchboard.example.com")
 *         .tokenSupplier(() -> backend.fetchToken())
 *         .build();
 * channels.connect();
 * channels.subscribe("room:42", p -> System.out.println(p.data())).join();
 * channels.publish("room:42", Map.of("text", "hello")).join();
 * ...
 * channels.close();
 * }</pre>
 *
 * <p>Thread-safe: call it from any thread. Listeners, handlers and the returned futures' callbacks run on the client's
 * own thread, one at a time and in the order frames arrived: do not block there (and never {@code join()} a future of
 * this client there).
 */
public final class SwitchboardChannels implements AutoCloseable {
    private final RealtimeConnection connection;
    private final HandlerRegistry<PushHandler> handlers = new HandlerRegistry<>();
    // Owned by the client's thread.
    private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
    private final Backoff resubscribeBackoff = new Backoff(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(8), 2.0, 0.5);
    private final AtomicLong duplicates = new AtomicLong();

    private SwitchboardChannels(Builder builder) {
        this.connection = new RealtimeConnection(builder, new ChannelsEndpoint(), "switchboard-channels");
    }

    /** A builder for a client of the node at {@code serverUrl}, such as {@code https://switchboard.example.com}. */
    public static Builder builder(String serverUrl) {
        return new Builder(serverUrl);
    }

    /** Opens the connection (again, after {@link #disconnect()}, an auth failure or giving up); nothing while one is open. */
    public void connect() {
        connection.connect();
    }

    /** Closes the socket and stops reconnecting; waiting requests fail, subscriptions are kept for {@link #connect()}. */
    public void disconnect() {
        connection.disconnect();
    }

    /** Skips the backoff wait now (for example when the device's network came back), or starts again after giving up. */
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

    /** The server's id of the current session, or null when not connected. */
    public String sessionId() {
        return connection.sessionId();
    }

    /**
     * Subscribes to {@code channel}; completes with the subscription once the server acked it (it waits for the
     * connection). Subscribing again to a channel already held returns that subscription (its listener stays). Fails
     * with {@link RequestFailedException} when the server refuses ({@code forbidden}, {@code invalid_field}, …).
     */
    public CompletableFuture<Subscription> subscribe(String channel, SubscriptionListener listener) {
        return subscribe(channel, SubscriptionOptions.none(), listener);
    }

    /**
     * Subscribes from a position kept earlier (for example across app restarts): on a channel with history, the
     * publications after {@code from} are delivered first. {@code from} may be null.
     */
    public CompletableFuture<Subscription> subscribe(String channel, StreamPosition from, SubscriptionListener listener) {
        return subscribe(channel, SubscriptionOptions.none().withPosition(from), listener);
    }

    /**
     * Subscribes with options: a position to recover from, and a subscription token (for a namespace that requires
     * one), asked of its supplier on every subscribe and refreshed with {@code sub_refresh} before it expires.
     */
    public CompletableFuture<Subscription> subscribe(String channel, SubscriptionOptions options, SubscriptionListener listener) {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<Subscription> result = new CompletableFuture<>();
        if (!connection.post(() -> {
            Subscription sub = subscriptions.get(channel);
            if (sub == null) {
                sub = new Subscription(this, channel, listener, options);
                subscriptions.put(channel, sub);
            }
            if (sub.isActive()) {
                result.complete(sub);
                return;
            }
            sub.waiters.add(result);
            if (connection.connected() && !sub.inFlight) {
                renew(sub);
            }
        })) {
            result.completeExceptionally(new DisconnectedException("the client is closed"));
        }
        return result;
    }

    /** Ends the subscription to {@code channel} (it is not renewed again); completes when the server acks. */
    public CompletableFuture<Void> unsubscribe(String channel) {
        Objects.requireNonNull(channel, "channel");
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!connection.post(() -> {
            Subscription sub = subscriptions.remove(channel);
            if (sub != null) {
                sub.active(false);
                sub.fail(new SwitchboardClientException("unsubscribed from " + channel));
            }
            if (!connection.connected()) {
                result.complete(null);
                return;
            }
            connection.requests.request("unsubscribe", Json.object().put("channel", channel), timeoutMillis())
                    .whenComplete((ack, e) -> settle(result, e, null));
        })) {
            result.complete(null);
        }
        return result;
    }

    /**
     * Publishes {@code data} (a {@link JsonNode}, or any value Jackson can write) on {@code channel}; completes when
     * the server acks. It is not sent again by the client: after a {@link DisconnectedException} the app decides.
     */
    public CompletableFuture<Void> publish(String channel, Object data) {
        ObjectNode body = Json.object().put("channel", Objects.requireNonNull(channel, "channel"));
        body.set("data", Json.mapper().valueToTree(data));
        return connection.request("publish", body).thenApply(ack -> null);
    }

    /** The sessions subscribed to {@code channel} (a namespace with client presence). */
    public CompletableFuture<List<PresenceClient>> presence(String channel) {
        return connection.request("presence", Json.object().put("channel", channel)).thenApply(data -> {
            List<PresenceClient> clients = new ArrayList<>();
            if (data != null) {
                for (JsonNode c : data.path("clients")) {
                    clients.add(PresenceClient.of(c));
                }
            }
            return clients;
        });
    }

    /** How many sessions and users are subscribed to {@code channel} (a namespace with client presence). */
    public CompletableFuture<PresenceStats> presenceStats(String channel) {
        return connection.request("presence_stats", Json.object().put("channel", channel)).thenApply(data ->
                new PresenceStats(data == null ? 0 : data.path("num_clients").asInt(), data == null ? 0 : data.path("num_users").asInt()));
    }

    /**
     * The channel's kept publications (a namespace with client history): at most {@code limit} (0 for the server's
     * default), after {@code since} when it is not null.
     */
    public CompletableFuture<HistoryPage> history(String channel, int limit, StreamPosition since) {
        ObjectNode body = Json.object().put("channel", channel);
        if (limit > 0) {
            body.put("limit", limit);
        }
        if (since != null) {
            body.putObject("since").put("epoch", since.epoch()).put("offset", since.offset());
        }
        return connection.request("history", body).thenApply(data -> HistoryPage.of(channel, data == null ? Json.object() : data));
    }

    /**
     * Calls {@code method} on the app's backend through the server's RPC hook; completes with the backend's result's
     * {@code data} ({@code NullNode} when it had none), or fails with {@link RequestFailedException} carrying the
     * backend's code ({@code "1001"}, {@code "room_full"}, …; {@code unavailable} when the backend cannot answer).
     */
    public CompletableFuture<JsonNode> rpc(String method, Object data) {
        ObjectNode body = Json.object().put("method", Objects.requireNonNull(method, "method"));
        body.set("data", Json.mapper().valueToTree(data));
        return connection.request("rpc", body).thenApply(reply -> reply == null ? null : reply.get("data"));
    }

    /** Gets a fresh token from the supplier and hands it to the server now; the client also does this before expiry. */
    public CompletableFuture<Void> refreshToken() {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!connection.post(() -> connection.refreshToken().whenComplete((v, e) -> settle(result, e, null)))) {
            result.completeExceptionally(new DisconnectedException("the client is closed"));
        }
        return result;
    }

    /**
     * Adds a handler for every pushed frame of {@code type} (such as {@code message}, or an app's event type), on any
     * channel, in addition to the subscriptions' listeners. Duplicates dropped by recovery do not reach it.
     */
    public Registration on(String type, PushHandler handler) {
        return handlers.register(type, handler);
    }

    /** Publications dropped because a recovery had delivered them already (for tests and metrics). */
    public long duplicatesDropped() {
        return duplicates.get();
    }

    /** Closes the socket and releases the client's thread. Idempotent. */
    @Override
    public void close() {
        connection.close();
    }

    // ---- the client's thread ----

    private long timeoutMillis() {
        return connection.requestTimeoutMillis();
    }

    /**
     * Subscribes on the current session, with {@code recover} from the last position when there is one, and a fresh
     * subscription token when the subscription has a supplier.
     */
    private void renew(Subscription sub) {
        sub.inFlight = true;
        String session = connection.sessionId();
        if (sub.tokenSupplier == null) {
            sendSubscribe(sub, null, session);
            return;
        }
        RealtimeConnection.fetch(() -> sub.tokenSupplier.token(sub.channel())).whenComplete((token, failure) -> connection.post(() -> {
            if (!current(sub, session)) {
                return; // the socket changed meanwhile: the next session renews it
            }
            if (failure != null || token == null || token.isEmpty()) {
                sub.inFlight = false;
                refused(sub, failure != null ? new SwitchboardClientException("the subscription token supplier failed", failure)
                        : new SwitchboardClientException("no subscription token for " + sub.channel()), session);
                return;
            }
            sub.token = token;
            sendSubscribe(sub, token, session);
        }));
    }

    private boolean current(Subscription sub, String session) {
        return subscriptions.get(sub.channel()) == sub && connection.connected() && session != null
                && session.equals(connection.sessionId());
    }

    private void sendSubscribe(Subscription sub, String token, String session) {
        ObjectNode data = Json.object().put("channel", sub.channel());
        if (sub.hasPosition()) {
            data.putObject("recover").put("epoch", sub.epoch()).put("offset", sub.offset());
        }
        if (token != null) {
            data.put("token", token);
        }
        if (sub.delta != null) {
            data.put("delta", "fossil");
            sub.delta.reset(); // a new subscription's first publication is full
        }
        connection.requests.request("subscribe", data, timeoutMillis()).whenComplete((ack, error) -> {
            if (subscriptions.get(sub.channel()) != sub) {
                return;
            }
            sub.inFlight = false;
            if (error == null) {
                subscribed(sub, ack);
            } else if (error instanceof DisconnectedException && connection.state() != RealtimeState.CLOSED) {
                // renewed on the next session
            } else {
                refused(sub, error, session);
            }
        });
    }

    /** A subscribe failed: try again after a backoff when that may help, else end the subscription. */
    private void refused(Subscription sub, Throwable error, String session) {
        if (temporary(error) && sub.retries < 5 && connection.connected()) {
            // e.g. `unavailable` when too much arrived during a recovery: the protocol says subscribe again.
            long delay = resubscribeBackoff.delayMillis(sub.retries++, connection.random());
            connection.schedule(() -> {
                if (current(sub, session) && !sub.isActive() && !sub.inFlight) {
                    renew(sub);
                }
            }, delay);
            return;
        }
        subscriptions.remove(sub.channel());
        sub.active(false);
        boolean awaited = !sub.waiters.isEmpty();
        sub.fail(error);
        if (!awaited) {
            String code = error instanceof RequestFailedException ? ((RequestFailedException) error).error().code() : "error";
            guard(() -> sub.listener.onUnsubscribed(sub, code), null);
        }
    }

    /** Plans the subscription token's refresh before it expires ({@code sub_refresh}), or in {@code retryMillis}. */
    private void scheduleTokenRefresh(Subscription sub, long retryMillis) {
        long expiresAt = Jwt.expiresAtMillis(sub.token);
        if (sub.tokenSupplier == null || expiresAt < 0) {
            return;
        }
        String session = connection.sessionId();
        long delay = retryMillis >= 0 ? retryMillis : connection.refreshDelayMillis(expiresAt);
        sub.tokenTimer = connection.schedule(() -> {
            sub.tokenTimer = null;
            if (current(sub, session) && sub.isActive()) {
                refreshSubscriptionToken(sub, session);
            }
        }, delay);
    }

    private void refreshSubscriptionToken(Subscription sub, String session) {
        String old = sub.token;
        RealtimeConnection.fetch(() -> sub.tokenSupplier.token(sub.channel())).whenComplete((fresh, failure) -> connection.post(() -> {
            if (!current(sub, session) || !sub.isActive()) {
                return;
            }
            if (failure != null || fresh == null || fresh.isEmpty() || fresh.equals(old)) {
                retryTokenRefresh(sub, old);
                return;
            }
            ObjectNode data = Json.object().put("channel", sub.channel()).put("token", fresh);
            connection.requests.request("sub_refresh", data, timeoutMillis()).whenComplete((ack, refused) -> {
                if (!current(sub, session) || !sub.isActive()) {
                    return;
                }
                if (refused != null) {
                    retryTokenRefresh(sub, old);
                } else {
                    sub.token = fresh;
                    scheduleTokenRefresh(sub, -1);
                }
            });
        }));
    }

    /** While the old token lasts, try again (at most every 5 s); after that the server ends the subscription. */
    private void retryTokenRefresh(Subscription sub, String old) {
        long left = Jwt.expiresAtMillis(old) - System.currentTimeMillis();
        if (left > 0) {
            scheduleTokenRefresh(sub, Math.min(5000, left / 2));
        }
    }

    private void subscribed(Subscription sub, JsonNode ack) {
        sub.active(true);
        sub.retries = 0;
        boolean recoveryFailed = false;
        if (ack != null && ack.isObject()) {
            recoveryFailed = ack.path("recovered").isBoolean() && !ack.get("recovered").asBoolean();
            if (ack.path("offset").canConvertToLong() && ack.path("epoch").isTextual()) {
                String epoch = ack.get("epoch").asText();
                long offset = ack.get("offset").asLong();
                if (recoveryFailed || !sub.hasPosition() || !epoch.equals(sub.epoch()) || offset > sub.offset()) {
                    sub.moveTo(epoch, offset);
                }
            }
        }
        scheduleTokenRefresh(sub, -1);
        if (recoveryFailed) {
            guard(() -> sub.listener.onRecoveryFailed(sub, sub.position()), ack);
        }
        sub.complete();
    }

    private static boolean temporary(Throwable error) {
        return error instanceof RequestTimeoutException
                || error instanceof RequestFailedException && ((RequestFailedException) error).error().temporary();
    }

    private void guard(Runnable call, JsonNode frame) {
        try {
            call.run();
        } catch (RuntimeException e) {
            connection.handlerFailed(e, frame == null ? Json.object() : frame);
        }
    }

    private static <T> void settle(CompletableFuture<T> result, Throwable error, T value) {
        if (error != null) {
            result.completeExceptionally(error);
        } else {
            result.complete(value);
        }
    }

    /** The channel socket's part of the connection. */
    private final class ChannelsEndpoint implements Endpoint {
        @Override
        public HttpUrl url(HttpUrl server) {
            return server.newBuilder().addPathSegment("ws").build();
        }

        @Override
        public void established(boolean reconnected) {
            for (Subscription sub : new ArrayList<>(subscriptions.values())) {
                renew(sub);
            }
        }

        @Override
        public void frame(String type, JsonNode frame) {
            frame(type, frame, null);
        }

        @Override
        public void frame(String type, JsonNode frame, String text) {
            Subscription sub = frame.path("channel").isTextual() ? subscriptions.get(frame.get("channel").asText()) : null;
            if (sub != null && sub.delta != null && text != null && isPublication(type) && !fullData(sub, frame, text)) {
                return;
            }
            if (sub != null && !toSubscription(sub, type, frame)) {
                duplicates.incrementAndGet();
                return;
            }
            handlers.dispatch(type, h -> h.onPush(type, frame), e -> connection.handlerFailed(e, frame));
        }

        private boolean isPublication(String type) {
            return !"unsubscribed".equals(type) && !"join".equals(type) && !"leave".equals(type);
        }

        /**
         * Puts the full data in a publication frame of a delta subscription (applying the delta when it is one) and
         * keeps it as the next base; false when a delta does not apply (the frame is dropped and reported).
         */
        private boolean fullData(Subscription sub, JsonNode frame, String text) {
            try {
                JsonNode data = sub.delta.take(frame, text);
                ((com.fasterxml.jackson.databind.node.ObjectNode) frame).set("data", data);
                ((com.fasterxml.jackson.databind.node.ObjectNode) frame).remove("delta");
                return true;
            } catch (io.switchboard.protocol.delta.InvalidDeltaException e) {
                sub.delta.reset();
                connection.handlerFailed(e, frame);
                resubscribe(sub);
                return false;
            }
        }

        /**
         * Subscribes again after a delta that did not apply: the server's next publication would be another delta
         * against what this client does not have. The new subscription starts full, and recovers the dropped
         * publication on a channel with history (its position was not taken).
         */
        private void resubscribe(Subscription sub) {
            if (sub.inFlight || !connection.connected()) {
                return;
            }
            sub.active(false);
            sub.inFlight = true;
            connection.requests.request("unsubscribe", Json.object().put("channel", sub.channel()), timeoutMillis())
                    .whenComplete((ok, error) -> connection.post(() -> {
                        sub.inFlight = false;
                        if (subscriptions.get(sub.channel()) == sub && connection.connected() && !sub.isActive()) {
                            renew(sub);
                        }
                    }));
        }

        /** Hands a channel's frame to its subscription; false for a duplicate to drop. */
        private boolean toSubscription(Subscription sub, String type, JsonNode frame) {
            switch (type) {
                case "unsubscribed":
                    subscriptions.remove(sub.channel());
                    sub.active(false);
                    String code = frame.path("data").path("code").asText("unsubscribed_by_server");
                    sub.fail(new SwitchboardClientException("the server ended the subscription to " + sub.channel() + ": " + code));
                    guard(() -> sub.listener.onUnsubscribed(sub, code), frame);
                    return true;
                case "join":
                    guard(() -> sub.listener.onJoin(sub, PresenceClient.of(frame.path("data"))), frame);
                    return true;
                case "leave":
                    guard(() -> sub.listener.onLeave(sub, PresenceClient.of(frame.path("data"))), frame);
                    return true;
                default:
                    if (frame.path("offset").canConvertToLong() && frame.path("epoch").isTextual()
                            && !sub.accept(frame.get("epoch").asText(), frame.get("offset").asLong())) {
                        return false;
                    }
                    guard(() -> sub.listener.onPublication(Publication.of(frame)), frame);
                    return true;
            }
        }

        @Override
        public void lost() {
            for (Subscription sub : subscriptions.values()) {
                sub.active(false);
                sub.inFlight = false;
            }
        }

        @Override
        public void stopped(RuntimeException why) {
            for (Subscription sub : subscriptions.values()) {
                sub.active(false);
                sub.inFlight = false;
                sub.fail(why);
            }
        }
    }

    /** Configures a {@link SwitchboardChannels}; see {@link RealtimeBuilder} for the shared settings. */
    public static final class Builder extends RealtimeBuilder<Builder> {
        Builder(String serverUrl) {
            super(serverUrl);
        }

        /** Builds the client; nothing connects until {@link SwitchboardChannels#connect()}. */
        public SwitchboardChannels build() {
            checkCommon();
            return new SwitchboardChannels(this);
        }
    }
}
