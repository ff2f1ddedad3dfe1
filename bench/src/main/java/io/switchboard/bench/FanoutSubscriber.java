package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One subscriber of the fan-out scenario, whatever protocol it speaks: it connects on its event loop, joins the
 * channel (as its protocol says, in {@link #control}), and counts each benchmark message it gets through
 * {@link DeliveryStats#arrived}. All its state is touched only on its own event loop.
 */
abstract class FanoutSubscriber {
    protected final Context context;
    protected final DeliveryStats stats;
    protected final Promise<Void> ready = Promise.promise();
    protected WebSocket socket;
    protected boolean subscribed;
    private boolean closingByUs;
    private long lastSeq;

    FanoutSubscriber(Context context, DeliveryStats stats) {
        this.context = context;
        this.stats = stats;
    }

    /** What the server's confirmation of the join is called, in messages: "subscription ack", "join ack". */
    abstract String joinName();

    /** Whether {@code frame} is a benchmark message (read only once subscribed). */
    abstract boolean isMessage(Buffer frame);

    /** Any other frame: the protocol's handshake and join, which ends in {@link #joined()}. */
    abstract void control(Buffer frame);

    /** Connects and joins the channel; the future completes when the server confirmed the join. */
    final Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, long timeoutMillis) {
        context.runOnContext(v -> {
            long timer = context.owner().setTimer(timeoutMillis, t -> {
                if (ready.tryFail("no " + joinName() + " within " + timeoutMillis + " ms")) {
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

    /** The server confirmed the join: benchmark messages count from now. */
    final void joined() {
        if (!subscribed) {
            subscribed = true;
            stats.live.incrementAndGet();
            ready.tryComplete();
        }
    }

    private void onFrame(Buffer frame) {
        long now = System.nanoTime();
        if (subscribed && isMessage(frame)) {
            lastSeq = stats.arrived(frame, lastSeq, now);
            return;
        }
        control(frame);
    }

    private void onClose() {
        int code = stats.socketClosed(socket, subscribed, closingByUs);
        ready.tryFail("closed by the server before the " + joinName() + ", code " + code);
    }

    /** Closes the socket normally (end of run). */
    final Future<Void> close() {
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
