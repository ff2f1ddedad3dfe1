package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.charset.StandardCharsets;

/**
 * One subscriber over Socket.IO v5 on Engine.IO v4's WebSocket transport (no polling first, as socket.io-client with
 * {@code transports: ['websocket']}): after the Engine.IO open packet it connects to the default namespace with
 * {@code auth: {token}}, joins the channel with the engine's {@code join} event and an ack id, and after that ack
 * reads {@code 42["message",{seq,t},…]} events; it answers the server's pings so that the heartbeat never closes it.
 * All its state is touched only on its own event loop.
 */
final class SocketIoSubscriberConn implements FanoutSubscriber {
    private static final byte[] MESSAGE_EVENT = "42[\"message\",".getBytes(StandardCharsets.US_ASCII);
    private static final String JOIN_ACK = "431[";

    private final Context context;
    private final DeliveryStats stats;
    private final String connectPacket;
    private final String joinPacket;
    private final Promise<Void> ready = Promise.promise();
    private WebSocket socket;
    private boolean subscribed;
    private boolean closingByUs;
    private long lastSeq;

    SocketIoSubscriberConn(Context context, DeliveryStats stats, String channel, String token) {
        this.context = context;
        this.stats = stats;
        this.connectPacket = "40{\"token\":" + Json.quote(token) + "}";
        this.joinPacket = "421[\"join\"," + Json.quote(channel) + "]";
    }

    @Override
    public Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, long timeoutMillis) {
        context.runOnContext(v -> {
            long timer = context.owner().setTimer(timeoutMillis, t -> {
                if (ready.tryFail("no join ack within " + timeoutMillis + " ms")) {
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
        if (subscribed && startsWith(frame, MESSAGE_EVENT)) {
            lastSeq = stats.arrived(frame, lastSeq, now);
            return;
        }
        control(frame.toString(StandardCharsets.UTF_8));
    }

    private void control(String packet) {
        if (packet.isEmpty()) {
            stats.badFrames.increment();
            return;
        }
        switch (packet.charAt(0)) {
            case '0' -> socket.writeTextMessage(connectPacket);   // Engine.IO open: connect to the namespace
            case '2' -> socket.writeTextMessage("3");             // Engine.IO ping: pong, or the server closes us
            case '1' -> stats.subscriberError("engine.io close");
            case '4' -> socketIo(packet);
            default -> stats.badFrames.increment();
        }
    }

    private void socketIo(String packet) {
        if (packet.startsWith("40")) {
            socket.writeTextMessage(joinPacket);
        } else if (packet.startsWith("44")) {
            stats.subscriberError("connect_error");
            ready.tryFail("CONNECT refused: " + packet);
        } else if (packet.startsWith(JOIN_ACK)) {
            if (packet.contains("\"error\"")) {
                stats.subscriberError("join refused");
                ready.tryFail("join refused: " + packet);
            } else if (!subscribed) {
                subscribed = true;
                stats.live.incrementAndGet();
                ready.tryComplete();
            }
        } else if (packet.startsWith("41")) {
            stats.subscriberError("server namespace disconnect");
        } else if (packet.startsWith("42[\"error\"")) {
            stats.subscriberError("error event");
        }
        // other events (a message before the join ack, user events): not part of this scenario
    }

    private static boolean startsWith(Buffer frame, byte[] prefix) {
        if (frame.length() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame.getByte(i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void onClose() {
        int code = stats.socketClosed(socket, subscribed, closingByUs);
        ready.tryFail("closed by the server before the join ack, code " + code);
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
