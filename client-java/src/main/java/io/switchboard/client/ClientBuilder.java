package io.switchboard.client;

import io.switchboard.client.buffer.BufferLimits;
import io.switchboard.client.buffer.FileMessageBuffer;
import io.switchboard.client.buffer.MessageBuffer;
import io.switchboard.client.internal.ServerUrl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Configures a {@link SwitchboardClient}: where the server is, who the device is, where messages wait, and how hard
 * to retry. Get one from {@link SwitchboardClient#builder(String)}; only the child hash and a buffer are required.
 */
public final class ClientBuilder {
    final HttpUrl server;
    String childHash;
    AuthMode authMode = AuthMode.PATH;
    String bearerToken;
    MessageBuffer buffer;
    Path bufferDirectory;
    BufferLimits bufferLimits = BufferLimits.DEFAULT;
    boolean fsync = true;
    Backoff backoff = Backoff.DEFAULT;
    Duration heartbeatInterval = Duration.ofSeconds(20);
    Duration ackTimeout = Duration.ofSeconds(30);
    Duration connectTimeout = Duration.ofSeconds(10);
    Duration httpTimeout = Duration.ofSeconds(30);
    int window = 64;
    int httpBatchSize = 100;
    int httpBatchBytes = 512 * 1024;
    int maxMessageBytes = 64 * 1024;
    int maxSendRate = 80;
    OkHttpClient okHttp;
    final List<StateListener> stateListeners = new ArrayList<>();
    final List<PushListener> pushListeners = new ArrayList<>();
    final List<FatalListener> fatalListeners = new ArrayList<>();
    final List<DeliveryListener> deliveryListeners = new ArrayList<>();

    ClientBuilder(String serverUrl) {
        this.server = ServerUrl.parse(serverUrl);
    }

    /** The device's credential, the {@code child_hash} its parent got when enrolling it. Required. */
    public ClientBuilder childHash(String childHash) {
        Objects.requireNonNull(childHash, "childHash");
        if (childHash.isEmpty() || childHash.length() > 256 || !childHash.matches("[A-Za-z0-9_\\-]+")) {
            throw new IllegalArgumentException("a child hash is 1 to 256 characters of A-Z a-z 0-9 _ -");
        }
        this.childHash = childHash;
        return this;
    }

    /** How the socket presents the child hash: in the path (default) or as a first {@code auth} message. */
    public ClientBuilder authMode(AuthMode mode) {
        this.authMode = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /**
     * A bearer token sent as {@code Authorization: Bearer …} on the socket handshake and on every fallback request,
     * for a gateway or proxy in front of the server that wants one. The ingest endpoints themselves identify the
     * device by its child hash, which stays required.
     */
    public ClientBuilder bearerToken(String token) {
        this.bearerToken = Objects.requireNonNull(token, "token");
        return this;
    }

    /** Keep messages in a {@link FileMessageBuffer} in this directory (the durable default; give each device its own). */
    public ClientBuilder bufferDirectory(Path directory) {
        this.bufferDirectory = Objects.requireNonNull(directory, "directory");
        this.buffer = null;
        return this;
    }

    /** The bounds and overflow policy of the file buffer made by {@link #bufferDirectory}. */
    public ClientBuilder bufferLimits(BufferLimits limits) {
        this.bufferLimits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /** Whether the file buffer forces each append to the device (default true: survives power loss, not only a kill). */
    public ClientBuilder fsync(boolean fsync) {
        this.fsync = fsync;
        return this;
    }

    /** Keep messages in this buffer instead (a {@link io.switchboard.client.buffer.MemoryMessageBuffer}, your own store). The client closes it. */
    public ClientBuilder buffer(MessageBuffer buffer) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.bufferDirectory = null;
        return this;
    }

    /** How the socket and the fallback are retried (default {@link Backoff#DEFAULT}: 1 s doubling to 30 s, jitter 0.5). */
    public ClientBuilder backoff(Backoff backoff) {
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        return this;
    }

    /** Shorthand for {@code backoff(new Backoff(initial, max, multiplier, jitter))}. */
    public ClientBuilder backoff(Duration initial, Duration max, double multiplier, double jitter) {
        return backoff(new Backoff(initial, max, multiplier, jitter));
    }

    /** How often the client pings the server over the socket (default 20 s); a dead socket is noticed within two intervals. */
    public ClientBuilder heartbeatInterval(Duration interval) {
        this.heartbeatInterval = positive(interval, "heartbeatInterval");
        return this;
    }

    /** How long a sent message may wait for its answer before the socket is presumed broken and reopened (default 30 s). */
    public ClientBuilder ackTimeout(Duration timeout) {
        this.ackTimeout = positive(timeout, "ackTimeout");
        return this;
    }

    /** How long opening a socket or an HTTP connection may take (default 10 s). */
    public ClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = positive(timeout, "connectTimeout");
        return this;
    }

    /** How long one fallback request may take (default 30 s). */
    public ClientBuilder httpTimeout(Duration timeout) {
        this.httpTimeout = positive(timeout, "httpTimeout");
        return this;
    }

    /** Messages sent on the socket and not yet answered, at most (default 64). */
    public ClientBuilder window(int messages) {
        this.window = between(messages, 1, 10_000, "window");
        return this;
    }

    /** Messages per fallback request, at most (default 100; the server takes up to 500). */
    public ClientBuilder httpBatchSize(int messages) {
        this.httpBatchSize = between(messages, 1, 500, "httpBatchSize");
        return this;
    }

    /** Bytes per fallback request, at most (default 512 KiB; the server takes at least 1 MiB). */
    public ClientBuilder httpBatchBytes(int bytes) {
        this.httpBatchBytes = between(bytes, 1024, 16 * 1024 * 1024, "httpBatchBytes");
        return this;
    }

    /**
     * Messages per second the socket sends at most (default 80, under the server's default {@code rate-limit-per-second}
     * of 100, so that draining a backlog does not run into the server's limit); 0 for no limit. Raise it together
     * with the server's setting. The HTTP fallback is not limited: a batch is one request.
     */
    public ClientBuilder maxSendRate(int messagesPerSecond) {
        this.maxSendRate = between(messagesPerSecond, 0, 10_000_000, "maxSendRate");
        return this;
    }

    /** The largest envelope the client accepts (default 64 KiB, the server's default {@code max-frame-bytes}). */
    public ClientBuilder maxMessageBytes(int bytes) {
        this.maxMessageBytes = between(bytes, 256, 16 * 1024 * 1024, "maxMessageBytes");
        return this;
    }

    /**
     * Use this OkHttp client (an app's shared one) for the socket and the fallback; the timeouts above are applied to
     * a derived client. The SDK does not shut it down.
     */
    public ClientBuilder okHttpClient(OkHttpClient client) {
        this.okHttp = Objects.requireNonNull(client, "client");
        return this;
    }

    /** Adds a listener for state changes. */
    public ClientBuilder onStateChange(StateListener listener) {
        stateListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds a listener for frames the server pushes. */
    public ClientBuilder onPush(PushListener listener) {
        pushListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds a listener for the fatal refusal that stops the client. */
    public ClientBuilder onFatal(FatalListener listener) {
        fatalListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /** Adds a listener for acks, rejections and drops. */
    public ClientBuilder onDelivery(DeliveryListener listener) {
        deliveryListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Builds the client, opening its buffer (and restoring what an earlier run left in it). Nothing connects until
     * {@link SwitchboardClient#start()}.
     *
     * @throws IllegalStateException when the child hash or the buffer is missing, or the buffer directory is in use
     */
    public SwitchboardClient build() {
        if (childHash == null) {
            throw new IllegalStateException("childHash is required");
        }
        if (buffer == null && bufferDirectory == null) {
            throw new IllegalStateException("choose a buffer: bufferDirectory(dir) for the durable file buffer, "
                    + "or buffer(new MemoryMessageBuffer()) for one that does not survive the process");
        }
        if (httpBatchBytes < maxMessageBytes) {
            throw new IllegalStateException("httpBatchBytes (" + httpBatchBytes + ") must be at least maxMessageBytes ("
                    + maxMessageBytes + "), or a message could never be sent over HTTP");
        }
        MessageBuffer b = buffer != null ? buffer : FileMessageBuffer.open(bufferDirectory, bufferLimits, fsync);
        return new SwitchboardClient(copy(), b);
    }

    /** A snapshot, so that changing this builder later does not change a client already built. */
    private ClientBuilder copy() {
        ClientBuilder c = new ClientBuilder(server.toString());
        c.childHash = childHash;
        c.authMode = authMode;
        c.bearerToken = bearerToken;
        c.backoff = backoff;
        c.heartbeatInterval = heartbeatInterval;
        c.ackTimeout = ackTimeout;
        c.connectTimeout = connectTimeout;
        c.httpTimeout = httpTimeout;
        c.window = window;
        c.httpBatchSize = httpBatchSize;
        c.httpBatchBytes = httpBatchBytes;
        c.maxMessageBytes = maxMessageBytes;
        c.maxSendRate = maxSendRate;
        c.okHttp = okHttp;
        c.stateListeners.addAll(stateListeners);
        c.pushListeners.addAll(pushListeners);
        c.fatalListeners.addAll(fatalListeners);
        c.deliveryListeners.addAll(deliveryListeners);
        return c;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return d;
    }

    private static int between(int v, int min, int max, String name) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + v);
        }
        return v;
    }
}
