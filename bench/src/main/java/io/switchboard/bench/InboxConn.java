package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import org.HdrHistogram.Histogram;

/**
 * One user's socket on {@code /ws/user/<user>}: it checks that events arrive in order with no gap and no duplicate
 * ({@link SequenceCheck}), measures emit-to-receive latency from the {@code t} (a {@code System.nanoTime()} of this
 * process) the emitter put in each event, and acks the highest sequence number every {@code ackEveryMillis}. For
 * {@link Events#STORED} events it reads the server's {@code seq} and connects with {@code delivery=ack}, so the
 * scenario measures the exactly-once path it measured before delivery modes; for {@link Events#PUSHED} (transient,
 * no {@code seq}) it reads the per-user counter {@code n} the backend put in {@code data}. The two numbers are read
 * from the frame's bytes ({@link Frames}), not through a JSON tree. All its state is touched only on its own event
 * loop.
 */
final class InboxConn {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which number orders a user's events, and what the socket asks for on connect. */
    enum Events {
        STORED("\"seq\":", "&delivery=ack"),
        PUSHED("\"n\":", "");

        private final byte[] key;
        private final String query;

        Events(String key, String query) {
            this.key = key.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            this.query = query;
        }
    }

    private final Context context;
    private final Events events;
    private final String user;
    private final String token;
    private final long ackEveryMillis;
    private final Promise<Void> ready = Promise.promise();
    private final Histogram latencyMicros = new Histogram(3);
    private WebSocket socket;
    private SequenceCheck order = new SequenceCheck(0);
    private long acked;
    private long received;
    private long receivedInWindow;
    private long firstAt = -1;
    private long lastAt = -1;
    private long windowStart = Long.MAX_VALUE;
    private long windowEnd = Long.MAX_VALUE;
    private long ackTimer = -1;
    private Integer closedWith;
    private boolean closingByUs;
    private Promise<Void> reached;
    private long target = Long.MAX_VALUE;

    InboxConn(Context context, Events events, String user, String token, long ackEveryMillis) {
        this.context = context;
        this.events = events;
        this.user = user;
        this.token = token;
        this.ackEveryMillis = ackEveryMillis;
    }

    String user() {
        return user;
    }

    /** Opens the socket (with {@code last_seq} when not null); completes on {@code connection_established}. */
    Future<Void> open(WebSocketClient client, WebSocketConnectOptions base, Long lastSeq, long timeoutMillis) {
        context.runOnContext(v -> {
            long timer = context.owner().setTimer(timeoutMillis, t -> ready.tryFail("not connected within " + timeoutMillis + " ms"));
            String uri = "/ws/user/" + user + "?token=" + token + events.query + (lastSeq == null ? "" : "&last_seq=" + lastSeq);
            if (lastSeq != null) {
                order = new SequenceCheck(lastSeq);
            }
            client.connect(new WebSocketConnectOptions(base.toJson()).setURI(uri)).onComplete(ar -> {
                if (ar.failed()) {
                    ready.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.handler(this::onFrame);
                socket.closeHandler(x -> {
                    if (!closingByUs) {
                        closedWith = socket.closeStatusCode() == null ? 1006 : (int) socket.closeStatusCode();
                    }
                    ready.tryFail("closed by the server, code " + closedWith);
                });
                ready.future().onComplete(done -> context.owner().cancelTimer(timer));
            });
            if (ackEveryMillis > 0) {
                ackTimer = context.owner().setPeriodic(ackEveryMillis, t -> ack());
            }
        });
        return ready.future();
    }

    /** Counts latency and deliveries only for events whose {@code t} falls in {@code [start, end)}. */
    void window(long start, long end) {
        context.runOnContext(v -> {
            windowStart = start;
            windowEnd = end;
        });
    }

    /** Completes once the socket has received the event with sequence number {@code seq}. */
    Future<Void> reach(long seq) {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (order.last() >= seq) {
                p.complete();
            } else {
                target = seq;
                reached = p;
            }
        });
        return p.future();
    }

    private void onFrame(Buffer frame) {
        long seq = Frames.longField(frame, events.key);
        if (seq == Long.MIN_VALUE) {
            control(frame);
            return;
        }
        long now = System.nanoTime();
        if (order.accept(seq) == SequenceCheck.Verdict.DUPLICATE) {
            return;
        }
        received++;
        if (firstAt < 0) {
            firstAt = now;
        }
        lastAt = now;
        long t = Frames.longField(frame, Frames.SENT);
        if (t >= windowStart && t < windowEnd) {
            receivedInWindow++;
            latencyMicros.recordValue(Math.max(0, (now - t) / 1000));
        }
        if (reached != null && order.last() >= target) {
            reached.tryComplete();
            reached = null;
        }
    }

    /** A frame without an event number: only {@code connection_established} matters here. */
    private void control(Buffer frame) {
        try {
            JsonNode event = JSON.readTree(frame.getBytes());
            if ("connection_established".equals(event.path("type").asText())) {
                ready.tryComplete();
            }
        } catch (IOException e) {
            // not JSON: nothing a benchmark socket answers
        }
    }

    private void ack() {
        long last = order.last();
        if (socket != null && !socket.isClosed() && last > acked) {
            acked = last;
            socket.writeTextMessage("{\"type\":\"ack\",\"seq\":" + last + "}");
        }
    }

    /** What the socket saw, read on its event loop. */
    record Snapshot(long received, long receivedInWindow, long gaps, long duplicates, long outOfOrder, long last, long firstAt,
                    long lastAt, Histogram latencyMicros, Integer closedWith) {
    }

    Future<Snapshot> snapshot() {
        Promise<Snapshot> p = Promise.promise();
        context.runOnContext(v -> p.complete(new Snapshot(received, receivedInWindow, order.gaps(), order.duplicates(),
                order.outOfOrder(), order.last(), firstAt, lastAt,
                latencyMicros.copy(), closedWith)));
        return p.future();
    }

    Future<Void> close() {
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> {
            if (ackTimer >= 0) {
                context.owner().cancelTimer(ackTimer);
            }
            closingByUs = true;
            if (socket == null || socket.isClosed()) {
                p.complete();
            } else {
                socket.close().onComplete(ar -> p.complete());
            }
        });
        return p.future();
    }
}
