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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The publisher: one socket that sends {@code publish} envelopes carrying {@code {"seq", "t"}} where {@code t} is
 * its {@code System.nanoTime()} at the moment of sending. At a fixed rate it sends on a timer (acks are counted,
 * not waited for); saturating, it keeps a bounded window of messages in flight and sends the next one when one
 * leaves the window: on its {@code ack}, or, with {@link WindowOn#DELIVERY}, when every subscriber has it.
 * All state is touched only on its own event loop.
 */
final class PublisherConn implements DeliveryStats.DeliveryListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Unacked publishes allowed at a fixed rate before the publisher skips (so that memory stays bounded). */
    static final int MAX_UNACKED = 1 << 16;
    private static final long STALL_NANOS = 15_000_000_000L;

    /** What frees a place in the saturation window. */
    enum WindowOn { ACK, DELIVERY }

    private final Context context;
    private final DeliveryStats stats;
    private final String prefix;
    private final String suffix;
    private final String channelPart;
    private final double rate;
    private final boolean saturate;
    private final WindowOn windowOn;
    private final int window;
    private final Promise<Void> ready = Promise.promise();
    private final long[] sentAt = new long[MAX_UNACKED];
    private final Map<Long, Long> unfanned = new LinkedHashMap<>();
    private final Map<String, Long> errors = new TreeMap<>();
    private final Histogram ackMicros = new Histogram(3);
    private WebSocket socket;
    private boolean running;
    private long end;
    private long nextSeq = 1;
    private int unacked;
    private long published;
    private long publishedInWindow;
    private long acked;
    private long skipped;
    private long stalled;
    private long rateStart;
    private long rateSent;
    private long timer = -1;
    private long sweepTimer = -1;

    PublisherConn(Context context, DeliveryStats stats, String channel, int payloadBytes, double rate, boolean saturate,
                  WindowOn windowOn, int window) {
        this.context = context;
        this.stats = stats;
        this.prefix = "{\"type\":\"publish\",\"id\":";
        this.suffix = (payloadBytes > 0 ? ",\"pad\":" + Json.quote("x".repeat(payloadBytes)) : "") + "}}}";
        this.channelPart = ",\"data\":{\"channel\":" + Json.quote(channel) + ",\"data\":{\"seq\":";
        this.rate = rate;
        this.saturate = saturate;
        this.windowOn = windowOn;
        this.window = window;
        if (saturate && windowOn == WindowOn.DELIVERY) {
            stats.trackFanOut(Math.max(1024, window * 8), this);
        }
    }

    /** Connects; completes on {@code connection_established}. */
    Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, long timeoutMillis) {
        context.runOnContext(v -> {
            long t = context.owner().setTimer(timeoutMillis, x -> ready.tryFail("publisher not connected within " + timeoutMillis + " ms"));
            client.connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    ready.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.handler(this::onFrame);
                socket.closeHandler(x -> {
                    running = false;
                    Short code = socket.closeStatusCode();
                    if (!stats.isStopping()) {
                        System.err.println("bench: the server closed the publisher, code " + code);
                        errors.merge("publisher closed " + code, 1L, Long::sum);
                    }
                    ready.tryFail("publisher closed, code " + code);
                });
                ready.future().onComplete(done -> context.owner().cancelTimer(t));
            });
        });
        return ready.future();
    }

    /** Starts publishing now; stops sending at {@code endNanos}. */
    void start(long endNanos) {
        context.runOnContext(v -> {
            end = endNanos;
            running = true;
            if (saturate) {
                if (windowOn == WindowOn.DELIVERY) {
                    sweepTimer = context.owner().setPeriodic(100, t -> sweep());
                }
                pump();
            } else {
                rateStart = System.nanoTime();
                long tickMillis = Math.max(1, Math.min(100, (long) (1000 / rate)));
                timer = context.owner().setPeriodic(tickMillis, t -> tick());
                tick();
            }
        });
    }

    private void tick() {
        long now = System.nanoTime();
        if (!running || now >= end) {
            stop();
            return;
        }
        long due = (long) ((now - rateStart) * rate / 1e9) + 1 - rateSent;
        for (long i = 0; i < due && i < 100_000; i++) {
            if (unacked >= MAX_UNACKED || socket.writeQueueFull()) {
                skipped++;
            } else {
                send();
            }
        }
        rateSent += Math.max(0, due);
    }

    private void pump() {
        while (running) {
            if (System.nanoTime() >= end) {
                stop();
                return;
            }
            boolean room = windowOn == WindowOn.ACK ? unacked < window : unfanned.size() < window && unacked < MAX_UNACKED;
            if (!room) {
                return;
            }
            if (socket.writeQueueFull()) {
                socket.drainHandler(v -> pump());
                return;
            }
            send();
        }
    }

    private void stop() {
        running = false;
        if (timer >= 0) {
            context.owner().cancelTimer(timer);
            timer = -1;
        }
    }

    private void send() {
        long seq = nextSeq++;
        stats.sending(seq);
        long now = System.nanoTime();
        String frame = prefix + seq + channelPart + seq + ",\"t\":" + now + suffix;
        sentAt[(int) (seq % MAX_UNACKED)] = now;
        unacked++;
        published++;
        if (now >= stats.windowStart() && now < stats.windowEnd()) {
            publishedInWindow++;
        }
        if (saturate && windowOn == WindowOn.DELIVERY) {
            unfanned.put(seq, now);
        }
        socket.writeTextMessage(frame);
    }

    private void onFrame(Buffer frame) {
        long now = System.nanoTime();
        JsonNode node;
        try {
            node = JSON.readTree(frame.getBytes());
        } catch (Exception e) {
            errors.merge("bad frame", 1L, Long::sum);
            return;
        }
        switch (node.path("type").asText()) {
            case "connection_established" -> ready.tryComplete();
            case "ack" -> {
                long id = node.path("id").asLong();
                unacked--;
                acked++;
                ackMicros.recordValue(Math.max(0, (now - sentAt[(int) (id % MAX_UNACKED)]) / 1_000));
                if (saturate && windowOn == WindowOn.ACK) {
                    pump();
                }
            }
            case "error" -> {
                long id = node.path("id").asLong();
                unacked--;
                errors.merge(node.path("data").path("code").asText("unknown"), 1L, Long::sum);
                if (unfanned.remove(id) != null) {
                    pump();
                } else if (saturate && windowOn == WindowOn.ACK) {
                    pump();
                }
            }
            default -> {
                // nothing else is expected on the publisher's socket
            }
        }
    }

    @Override
    public void fannedOut(long seq) {
        context.runOnContext(v -> {
            if (unfanned.remove(seq) != null) {
                pump();
            }
        });
    }

    /** Frees messages whose fan-out can no longer complete (a subscriber left) or that stalled. */
    private void sweep() {
        long now = System.nanoTime();
        int live = stats.live.get();
        boolean freed = false;
        for (Iterator<Map.Entry<Long, Long>> it = unfanned.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, Long> e = it.next();
            if (stats.fanOutCount(e.getKey()) >= live) {
                it.remove();
                freed = true;
            } else if (now - e.getValue() > STALL_NANOS) {
                it.remove();
                stalled++;
                freed = true;
            }
        }
        if (freed) {
            pump();
        }
        if (!running && unfanned.isEmpty() && sweepTimer >= 0) {
            context.owner().cancelTimer(sweepTimer);
        }
    }

    /** What the publisher did; read on its event loop. */
    Future<Snapshot> snapshot() {
        Promise<Snapshot> p = Promise.promise();
        context.runOnContext(v -> p.complete(new Snapshot(published, publishedInWindow, acked, unacked, skipped, stalled,
                new TreeMap<>(errors), ackMicros.copy())));
        return p.future();
    }

    /** Closes the socket normally. */
    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            stop();
            if (socket == null || socket.isClosed()) {
                done.tryComplete();
            } else {
                socket.close((short) 1000, "bench done").onComplete(ar -> done.tryComplete());
            }
        });
        return done.future();
    }

    /** The publisher's counters at the end of a run. */
    record Snapshot(long published, long publishedInWindow, long acked, int unacked, long skipped, long stalled,
                    Map<String, Long> errors, Histogram ackMicros) {
    }
}
