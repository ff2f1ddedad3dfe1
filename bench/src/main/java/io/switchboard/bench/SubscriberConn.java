package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;

/**
 * One subscriber socket. It connects on its event loop, waits for {@code connection_established}, subscribes,
 * and after the {@code ack} reads message pushes: sequence checks and latency go to {@link DeliveryStats}.
 * All its state is touched only on its own event loop.
 */
final class SubscriberConn extends FanoutSubscriber {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String subscribeFrame;

    SubscriberConn(Context context, DeliveryStats stats, String channel) {
        super(context, stats);
        this.subscribeFrame = "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":" + Json.quote(channel) + "}}";
    }

    @Override
    String joinName() {
        return "subscription ack";
    }

    @Override
    boolean isMessage(Buffer frame) {
        return Frames.isMessage(frame);
    }

    @Override
    void control(Buffer frame) {
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
                if (node.path("id").asInt() == 1) {
                    joined();
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
}
