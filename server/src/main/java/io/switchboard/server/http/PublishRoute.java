package io.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.limits.OutboundBudget;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.validation.JsonFields;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /api/publish {"channel","data"}}: a backend with the API key pushes to a channel's subscribers. While
 * the node's outbound backlog is at its budget it answers 503 {@code unavailable} (temporary) instead.
 */
public final class PublishRoute {
    private final ChannelRegistry registry;
    private final OutboundBudget outbound;
    private final Metrics metrics;
    private final ApiKeys keys;

    private PublishRoute(ChannelRegistry registry, OutboundBudget outbound, Metrics metrics, ApiKeys keys) {
        this.registry = registry;
        this.outbound = outbound;
        this.metrics = metrics;
        this.keys = keys;
    }

    /** Mounts the route; publications are refused while {@code outbound} is full. */
    public static void mount(Router router, ChannelRegistry registry, OutboundBudget outbound, Metrics metrics,
            ApiKeys keys) {
        router.post("/api/publish").handler(new PublishRoute(registry, outbound, metrics, keys)::handle);
    }

    private void handle(RoutingContext ctx) {
        keys.require(ctx);
        JsonFields body = JsonBodies.fields(ctx, "channel", "data");
        ChannelName name = ChannelName.parse(body.text("channel"), "channel");
        JsonNode data = body.any("data");
        if (outbound.full()) {
            metrics.publishRefused();
            throw OutboundBudget.publishRefused();
        }
        registry.publish(ChannelFrames.message(name, data)).onComplete(ar -> {
            if (ar.succeeded()) {
                JsonBodies.send(ctx, 202, Json.object().put("channel", name.toString()).put("status", "published"));
            } else {
                ctx.fail(ar.cause());
            }
        });
    }
}
