package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * One subscriber of the fan-out scenario, whatever protocol it speaks: it connects, joins the channel, and counts
 * each benchmark message it gets through {@link DeliveryStats#arrived}.
 */
interface FanoutSubscriber {
    /** Connects and joins the channel; the future completes when the server confirmed the join. */
    Future<Void> open(WebSocketClient client, WebSocketConnectOptions options, long timeoutMillis);

    /** Closes the socket normally (end of run). */
    Future<Void> close();
}
