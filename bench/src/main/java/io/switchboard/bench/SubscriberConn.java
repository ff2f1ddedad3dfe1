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

/**
 * One subscriber socket. It connects on its event loop, waits for {@code connection_established}, subscribes,
 * and after the {@code ack} reads message pushes: sequence checks and latency go to {@link DeliveryStats}.
 * All its state is touched only on its own event loop.
 */
final class SubscriberConn implements FanoutSubscriber {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Context context;
    private final DeliveryStats stats;
    private final String subscribeFrame;
    private final Promise<Void> ready = Promise.promise();
    private WebSocket socket;
    private boolean subscribed;
    private boolean closingByUs;
    private long lastSeq;

    SubscriberConn(Context context, DeliveryStats stats, String channel) {
        this.context = context;
        this.stats = stats;
        this.subscribeFrame = "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":" + Json.quote(channel) + "}}";
    }

    @Override
    public Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, long timeoutMillis) {
        context.runOnContext(v -> {
            long timer = context.owner().setTimer(timeoutMillis, t -> {
                if (ready.tryFail("no subscription ack within " + timeoutMillis + " ms")) {
                    if (socket != null) {
                        closingByUs = true;
                        socket.close();
                    }
                }
            });
            client.connect(options).onComplete(ar -> {
                if (ar.failed()) {
                    context.owner().cancelTimer(timer);
                    ready.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.handler(this::onFrame);
                socket.exceptionHandler(e -> stats.subscriberError("socket: " + e.getClass().getSimpleName()));
                socket.closeHandler(x -> onClose());
                ready.future().onComplete(done -> context.owner().cancelTimer(timer));
            });
        });
        return ready.future();
    }

    private void onFrame(Buffer frame) {
        long now = System.nanoTime();
        if (subscribed && Frames.isMessage(frame)) {
            lastSeq = stats.arrived(frame, lastSeq, now);
            return;
        }
        control(frame);
    }

    private void control(Buffer frame) {
        JsonNode node;
        try {
            node = JSON.readTree(frame.getBytes());
        } catch (Exception e) {
            stats.badFrames.increment();
            return;
        }
        String type = node.path("type").asText();
        switch (type) {
            case "connection_established" -> socket.writeTextMessage(subscribeFrame);
            case "ack" -> {
                if (!subscribed && node.path("id").asInt() == 1) {
                    subscribed = true;
                    stats.live.incrementAndGet();
                    ready.tryComplete();
                }
            }
            case "error" -> {
                String code = node.path("data").path("code").asText("unknown");
                stats.subscriberError(code);
                ready.tryFail("subscribe refused: " + node);
            }
            default -> {
                // pong or another push: not part of this scenario
            }
        }
    }

    private void onClose() {
        int code = stats.socketClosed(socket, subscribed, closingByUs);
        ready.tryFail("closed by the server before the subscription ack, code " + code);
    }

    @Override
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            if (socket == null || socket.isClosed()) {
                done.tryComplete();
            } else {
                closingByUs = true;
                socket.close((short) 1000, "bench done").onComplete(ar -> done.tryComplete());
            }
        });
        return done.future();
    }
}
