package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code publish {channel, data}} (in a batch; {@code POST /api/publish} keeps its own route with idempotency keys)
 * and {@code broadcast {channels, data}}: the same data to many channels, each publication on its own.
 */
final class PublishMethods {
    /** Channels one broadcast names at most. */
    static final int MAX_CHANNELS = 1_000;

    private final ChannelRegistry registry;
    private final ChannelPolicy policy;
    private final OutboundBudget outbound;
    private final Metrics metrics;

    PublishMethods(ChannelRegistry registry, ChannelPolicy policy, OutboundBudget outbound, Metrics metrics) {
        this.registry = registry;
        this.policy = policy;
        this.outbound = outbound;
        this.metrics = metrics;
    }

    void addTo(ServerApi api) {
        api.add("publish", this::publish, "channel", "data");
        api.add("broadcast", this::broadcast, "channels", "data");
    }

    private Future<JsonNode> publish(JsonFields params) {
        ChannelName channel = ApiParams.channel(params, "channel");
        policy.require(channel, params.get("channel").path());
        JsonNode data = params.any("data");
        checkRoom();
        return registry.publish(ChannelFrames.message(channel, data))
                .map(v -> Json.object().put("channel", channel.toString()).put("status", "published"));
    }

    private Future<JsonNode> broadcast(JsonFields params) {
        JsonValue list = params.get("channels");
        if (list.isPresent() && list.node().isArray() && list.node().size() > MAX_CHANNELS) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a broadcast names at most " + MAX_CHANNELS
                    + " channels, got " + list.node().size() + "; send several", list.path());
        }
        Set<String> seen = new LinkedHashSet<>();
        List<ChannelName> channels = new ArrayList<>();
        for (JsonValue item : list.items(1, MAX_CHANNELS)) {
            ChannelName name = ChannelName.parse(item.text(), item.path());
            policy.require(name, item.path());
            if (!seen.add(name.toString())) {
                throw item.invalid("names " + name + " twice");
            }
            channels.add(name);
        }
        JsonNode data = params.any("data");
        checkRoom();
        List<Future<Void>> sent = new ArrayList<>(channels.size());
        for (ChannelName c : channels) {
            sent.add(registry.publish(ChannelFrames.message(c, data)));
        }
        // Every publication is tried; the first failure is the answer (the others may have gone out).
        return Future.join(sent).map(v -> (JsonNode) Json.object().put("published", channels.size()))
                .recover(e -> Future.failedFuture(firstFailure(sent)));
    }

    private static Throwable firstFailure(List<Future<Void>> sent) {
        for (Future<Void> f : sent) {
            if (f.failed()) {
                return f.cause();
            }
        }
        return new IllegalStateException("a publication failed");
    }

    private void checkRoom() {
        if (outbound.full()) {
            metrics.publishRefused();
            throw OutboundBudget.publishRefused();
        }
    }
}
