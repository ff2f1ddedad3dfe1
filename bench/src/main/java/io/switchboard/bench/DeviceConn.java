package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One phone: it keeps {@code window} messages in flight and sends the next one when an ack (or error) frees a
 * place, over its socket {@code /ws/ingest/<hash>/} or, with the HTTP transport, as one {@code POST /api/ingest/}
 * per message. It measures send-to-ack latency; all its state is touched only on its own event loop.
 */
final class DeviceConn {
    private static final byte[] ACK = "\"type\":\"ack\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\"id\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ESTABLISHED = "connection_established".getBytes(StandardCharsets.US_ASCII);

    private final Context context;
    private final String hash;
    private final TelemetryFrames frames;
    private final int window;
    private final long[] sentAt;
    private final Promise<Void> ready = Promise.promise();
    private final Histogram ackMicros = new Histogram(3);
    private final Map<String, Long> errors = new TreeMap<>();
    private WebSocket socket;
    private HttpClient http;
    private boolean running;
    private boolean closingByUs;
    private long windowStart;
    private long windowEnd;
    private long end;
    private long nextSeq = 1;
    private int inFlight;
    private long sent;
    private long acked;
    private long ackedInWindow;
    private Integer closedWith;

    DeviceConn(Context context, String hash, TelemetryFrames frames, int window) {
        this.context = context;
        this.hash = hash;
        this.frames = frames;
        this.window = window;
        this.sentAt = new long[Math.max(64, window * 4)];
    }

    /** Opens the device's socket; completes on {@code connection_established}. */
    Future<Void> openSocket(WebSocketClient client, WebSocketConnectOptions base, long timeoutMillis) {
        context.runOnContext(v -> {
            long timer = context.owner().setTimer(timeoutMillis, t -> ready.tryFail("not connected within " + timeoutMillis + " ms"));
            WebSocketConnectOptions options = new WebSocketConnectOptions(base.toJson()).setURI("/ws/ingest/" + hash + "/");
            client.connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    ready.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.handler(this::onFrame);
                socket.closeHandler(x -> {
                    running = false;
                    if (!closingByUs) {
                        closedWith = socket.closeStatusCode() == null ? 1006 : (int) socket.closeStatusCode();
                    }
                    ready.tryFail("closed by the server, code " + closedWith);
                });
                ready.future().onComplete(done -> context.owner().cancelTimer(timer));
            });
        });
        return ready.future();
    }

    /** Uses the HTTP fallback instead of a socket: nothing to open. */
    Future<Void> useHttp(HttpClient client) {
        this.http = client;
        ready.tryComplete();
        return ready.future();
    }

    /** Starts sending; acks sent in [windowStart, windowEnd) are counted; stops sending at {@code endNanos}. */
    void start(long windowStartNanos, long windowEndNanos, long endNanos) {
        context.runOnContext(v -> {
            windowStart = windowStartNanos;
            windowEnd = windowEndNanos;
            end = endNanos;
            running = true;
            pump();
        });
    }

    private void pump() {
        while (running && inFlight < window) {
            if (System.nanoTime() >= end) {
                running = false;
                return;
            }
            long seq = nextSeq++;
            sentAt[(int) (seq % sentAt.length)] = System.nanoTime();
            inFlight++;
            sent++;
            if (http != null) {
                post(seq);
            } else {
                socket.writeTextMessage(frames.frame(seq));
            }
        }
    }

    private void post(long seq) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/ingest/")
                .putHeader("Content-Type", "application/json").putHeader("X-Child-Hash", hash);
        http.request(options).compose(req -> req.send(frames.body(seq))).compose(resp -> resp.body().map(b -> {
            if (resp.statusCode() == 200) {
                return null;
            }
            String body = b.toString();
            int i = body.indexOf("\"code\":\"");
            return i < 0 ? "http " + resp.statusCode() : body.substring(i + 8, body.indexOf('"', i + 8));
        })).onComplete(ar -> answered(seq, ar.succeeded() ? ar.result() : "http: " + ar.cause().getClass().getSimpleName()));
    }

    private void onFrame(Buffer frame) {
        if (Frames.indexOf(frame, ESTABLISHED, 0) >= 0) {
            ready.tryComplete();
            return;
        }
        long id = Frames.longField(frame, ID);
        if (id == Long.MIN_VALUE) {
            return; // pong or a frame without an id: not part of the scenario
        }
        if (Frames.indexOf(frame, ACK, 0) >= 0) {
            answered(id, null);
        } else {
            String text = frame.toString();
            int i = text.indexOf("\"code\":\"");
            answered(id, i < 0 ? "unknown" : text.substring(i + 8, text.indexOf('"', i + 8)));
        }
    }

    private void answered(long seq, String error) {
        long now = System.nanoTime();
        long at = sentAt[(int) (seq % sentAt.length)];
        inFlight--;
        if (error != null) {
            errors.merge(error, 1L, Long::sum);
        } else {
            acked++;
            if (at >= windowStart && now < windowEnd) {
                ackedInWindow++;
                ackMicros.recordValue(Math.max(0, (now - at) / 1_000));
            }
        }
        pump();
    }

    /** What the device did; read on its event loop. */
    Future<Snapshot> snapshot() {
        Promise<Snapshot> p = Promise.promise();
        context.runOnContext(v -> p.complete(new Snapshot(sent, acked, ackedInWindow, inFlight, new TreeMap<>(errors),
                ackMicros.copy(), closedWith)));
        return p.future();
    }

    /** Stops sending and closes the socket normally. */
    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            running = false;
            if (socket == null || socket.isClosed()) {
                done.tryComplete();
            } else {
                closingByUs = true;
                socket.close((short) 1000, "bench done").onComplete(ar -> done.tryComplete());
            }
        });
        return done.future();
    }

    /** A device's counters at the end of a run. */
    record Snapshot(long sent, long acked, long ackedInWindow, int inFlight, Map<String, Long> errors, Histogram ackMicros,
                    Integer closedWith) {
    }
}
