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
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * One member of the chat room: a socket on {@code /ws/user/<id>} subscribed to {@code conversation:<id>}. Every
 * {@code new_message} it receives is checked (per sender, numbers in order, no gap, no duplicate) and its latency
 * recorded from the {@code t=} (this process's {@code System.nanoTime()}) its sender wrote into the content. A
 * member that is also a sender sends {@code send_message} at its rate. All its state is touched only on its own
 * event loop.
 */
final class ChatMember {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] NEW_MESSAGE = "\"type\":\"new_message\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENDER = "s=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NUMBER = "n=".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SENT = "t=".getBytes(StandardCharsets.US_ASCII);

    private final Context context;
    private final DeliveryStats stats;
    private final String userId;
    private final String token;
    private final long conversation;
    private final long[] lastBySender;
    private final Promise<Void> ready = Promise.promise();
    private final Histogram ackMicros = new Histogram(3);
    private final Map<String, Long> errors = new TreeMap<>();
    /** Send times by message number, for the ack latency; only a sender has one (1,000 members × 512 KiB is too much). */
    private long[] sentAt;
    private WebSocket socket;
    private boolean subscribed;
    private boolean closingByUs;
    private int senderIndex = -1;
    private long nextNumber = 1;
    private long sent;
    private long sentInWindow;
    private long acked;
    private long timer = -1;

    ChatMember(Context context, DeliveryStats stats, String userId, String token, long conversation, int senders) {
        this.context = context;
        this.stats = stats;
        this.userId = userId;
        this.token = token;
        this.conversation = conversation;
        this.lastBySender = new long[senders];
    }

    /** Connects and subscribes to the room; completes on the subscription's ack. */
    Future<Void> open(WebSocketClient client, WebSocketConnectOptions base, long timeoutMillis) {
        context.runOnContext(v -> {
            long t = context.owner().setTimer(timeoutMillis, x -> ready.tryFail("not subscribed within " + timeoutMillis + " ms"));
            String uri = "/ws/user/" + userId + "?token=" + token;
            client.connect(new WebSocketConnectOptions(base.toJson()).setURI(uri)).onComplete(ar -> {
                if (ar.failed()) {
                    context.owner().cancelTimer(t);
                    ready.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.handler(this::onFrame);
                socket.exceptionHandler(e -> stats.subscriberError("socket: " + e.getClass().getSimpleName()));
                socket.closeHandler(x -> onClose());
                ready.future().onComplete(done -> context.owner().cancelTimer(t));
            });
        });
        return ready.future();
    }

    /** Sends {@code perSecond} messages a second as sender number {@code index}, until {@code end}. */
    void send(int index, double perSecond, long end) {
        context.runOnContext(v -> {
            senderIndex = index;
            sentAt = new long[1 << 16];
            long period = Math.max(1, Math.round(1000 / perSecond));
            timer = context.owner().setPeriodic(period, x -> {
                long now = System.nanoTime();
                if (now >= end) {
                    context.owner().cancelTimer(timer);
                    return;
                }
                sendOne(now);
            });
        });
    }

    private void sendOne(long now) {
        long n = nextNumber++;
        sentAt[(int) (n & (sentAt.length - 1))] = now;
        sent++;
        if (now >= stats.windowStart() && now < stats.windowEnd()) {
            sentInWindow++;
        }
        socket.writeTextMessage("{\"type\":\"send_message\",\"id\":" + (n + 1) + ",\"data\":{\"conversation_id\":" + conversation
                + ",\"content\":\"s=" + senderIndex + " n=" + n + " t=" + now + "\",\"client_id\":\"b" + senderIndex + "-" + n + "\"}}");
    }

    private void onFrame(Buffer frame) {
        long now = System.nanoTime();
        if (subscribed && Frames.indexOf(frame, NEW_MESSAGE, 0) >= 0) {
            long sender = Frames.longField(frame, SENDER);
            long n = Frames.longField(frame, NUMBER);
            long t = Frames.longField(frame, SENT);
            if (sender < 0 || sender >= lastBySender.length || n == Long.MIN_VALUE || t == Long.MIN_VALUE) {
                stats.badFrames.increment();
                return;
            }
            long last = lastBySender[(int) sender];
            if (n > last + 1) {
                stats.gaps.add(n - last - 1);
            } else if (n <= last) {
                stats.duplicates.increment();
            }
            lastBySender[(int) sender] = Math.max(last, n);
            stats.delivered(n, t, now);
            return;
        }
        control(frame, now);
    }

    private void control(Buffer frame, long now) {
        JsonNode node;
        try {
            node = JSON.readTree(frame.getBytes());
        } catch (Exception e) {
            stats.badFrames.increment();
            return;
        }
        switch (node.path("type").asText()) {
            case "connection_established" -> socket.writeTextMessage(
                    "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"conversation:" + conversation + "\"}}");
            case "ack" -> {
                long id = node.path("id").asLong();
                if (id == 1 && !subscribed) {
                    subscribed = true;
                    stats.live.incrementAndGet();
                    ready.tryComplete();
                } else if (id > 1 && sentAt != null) {
                    acked++;
                    long at = sentAt[(int) ((id - 1) & (sentAt.length - 1))];
                    ackMicros.recordValue(Math.max(0, (now - at) / 1_000));
                }
            }
            case "error" -> {
                String code = node.path("error").path("code").asText(node.path("data").path("code").asText("unknown"));
                if (node.path("id").asLong() == 1) {
                    stats.subscriberError(code);
                    ready.tryFail("subscribe refused: " + node);
                } else {
                    errors.merge(code, 1L, Long::sum);
                }
            }
            default -> {
                // notifications, presence, typing: not part of this scenario
            }
        }
    }

    private void onClose() {
        int code = stats.socketClosed(socket, subscribed, closingByUs);
        ready.tryFail("closed by the server before the subscription ack, code " + code);
    }

    /** What this member sent, read on its event loop. */
    Future<Sent> sent() {
        Promise<Sent> p = Promise.promise();
        context.runOnContext(v -> p.complete(new Sent(sent, sentInWindow, acked, ackMicros.copy(), new TreeMap<>(errors))));
        return p.future();
    }

    /** Closes the socket normally (end of run). */
    Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (timer >= 0) {
                context.owner().cancelTimer(timer);
            }
            if (socket == null || socket.isClosed()) {
                done.tryComplete();
            } else {
                closingByUs = true;
                socket.close((short) 1000, "bench done").onComplete(ar -> done.tryComplete());
            }
        });
        return done.future();
    }

    /** A sender's counters. */
    record Sent(long sent, long sentInWindow, long acked, Histogram ackMicros, Map<String, Long> errors) {
    }
}
