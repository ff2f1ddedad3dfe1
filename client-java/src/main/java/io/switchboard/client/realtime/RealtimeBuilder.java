package io.switchboard.client.realtime;

import io.switchboard.client.Backoff;
import io.switchboard.client.internal.ServerUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The settings both realtime clients share: the server, the credentials, and the reconnection rules (those of the JS
 * client, docs/PROTOCOL.md "Writing a client"). Only the server and a token (or a token supplier) are required.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class RealtimeBuilder<B extends RealtimeBuilder<B>> {
    final HttpUrl server;
    TokenSupplier tokenSupplier;
    /** A token given once ({@link #token(String)}): nothing to refresh it with. */
    boolean fixedToken;
    Backoff backoff = Backoff.DEFAULT;
    int maxReconnectAttempts = 10;
    Duration pingInterval = Duration.ofSeconds(25);
    Duration pongTimeout = Duration.ofSeconds(10);
    Duration requestTimeout = Duration.ofSeconds(10);
    Duration refreshBefore = Duration.ofSeconds(60);
    int maxQueued = 1000;
    WireFormat format = WireFormat.JSON;
    OkHttpClient okHttp;
    final List<RealtimeListener> listeners = new ArrayList<>();

    RealtimeBuilder(String serverUrl) {
        this.server = ServerUrl.parse(serverUrl);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** A fixed access token. It cannot be refreshed: the session ends (4002) when it expires. */
    public B token(String token) {
        Objects.requireNonNull(token, "token");
        this.tokenSupplier = () -> token;
        this.fixedToken = true;
        return self();
    }

    /** Where tokens come from: asked on every connect and, for a JWT with {@code exp}, before it expires. */
    public B tokenSupplier(TokenSupplier supplier) {
        this.tokenSupplier = Objects.requireNonNull(supplier, "supplier");
        this.fixedToken = false;
        return self();
    }

    /** The waits between reconnection attempts (default {@link Backoff#DEFAULT}: 1 s doubling to 30 s, jitter 0.5). */
    public B backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return self();
    }

    /** Reconnection attempts in a row before the client gives up ({@link RealtimeState#FAILED}); default 10. */
    public B maxReconnectAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("maxReconnectAttempts must be 0 or more");
        }
        this.maxReconnectAttempts = attempts;
        return self();
    }

    /** How often the client sends an app-level {@code ping} while connected (default 25 s). */
    public B pingInterval(Duration interval) {
        this.pingInterval = positive(interval, "pingInterval");
        return self();
    }

    /**
     * How long after a ping (or after the socket opened) a frame must arrive before the socket is presumed dead and
     * reopened (default 10 s).
     */
    public B pongTimeout(Duration timeout) {
        this.pongTimeout = positive(timeout, "pongTimeout");
        return self();
    }

    /** How long a request waits for its answer, the wait for a connection included (default 10 s). */
    public B requestTimeout(Duration timeout) {
        this.requestTimeout = positive(timeout, "requestTimeout");
        return self();
    }

    /** Refresh the token this long before it expires, at most half its remaining life (default 60 s). */
    public B refreshBefore(Duration margin) {
        this.refreshBefore = positive(margin, "refreshBefore");
        return self();
    }

    /** Requests kept while not connected, at most (default 1000); one more fails at once. */
    public B maxQueued(int requests) {
        if (requests < 1) {
            throw new IllegalArgumentException("maxQueued must be at least 1");
        }
        this.maxQueued = requests;
        return self();
    }

    /** The protocol on the socket: JSON text (default) or the binary protocol, MessagePack ({@link WireFormat}). */
    public B format(WireFormat format) {
        this.format = Objects.requireNonNull(format, "format");
        return self();
    }

    /** Use this OkHttp client (an app's shared one) for the socket; the SDK does not shut it down. */
    public B okHttpClient(OkHttpClient client) {
        this.okHttp = Objects.requireNonNull(client, "client");
        return self();
    }

    /** Adds a listener for the connection's states, auth failures and errors. */
    public B listener(RealtimeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
        return self();
    }

    void checkCommon() {
        if (tokenSupplier == null) {
            throw new IllegalStateException("a token is required: token(jwt) or tokenSupplier(...)");
        }
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }
}
