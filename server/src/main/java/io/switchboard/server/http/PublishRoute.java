package io.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.idempotency.IdempotencyKey;
import io.switchboard.server.idempotency.IdempotencyKeys;
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
    /** The scope of this route's idempotency keys. */
    static final String SCOPE = "publish";
    private final ChannelRegistry registry;
    private final OutboundBudget outbound;
    private final Metrics metrics;
    private final ApiKeys keys;
    private final IdempotencyKeys idempotency;
    private final ChannelPolicy policy;

    private PublishRoute(ChannelRegistry registry, ChannelPolicy policy, OutboundBudget outbound, Metrics metrics, ApiKeys keys,
                         IdempotencyKeys idempotency) {
        this.policy = policy;
        this.idempotency = idempotency;
        this.registry = registry;
        this.outbound = outbound;
        this.metrics = metrics;
        this.keys = keys;
    }

    /**
     * Mounts the route; publications are refused while {@code outbound} is full, and on a channel in none of
     * {@code policy}'s namespaces (a namespace with {@code publish=backend} takes them).
     */
    public static void mount(Router router, ChannelRegistry registry, ChannelPolicy policy, OutboundBudget outbound,
            Metrics metrics, ApiKeys keys, IdempotencyKeys idempotency) {
        router.post("/api/publish").handler(new PublishRoute(registry, policy, outbound, metrics, keys, idempotency)::handle);
    }

    private void handle(RoutingContext ctx) {
        keys.require(ctx);
        String header = ctx.request().getHeader(IdempotencyKey.HEADER);
        if (header != null) {
            IdempotencyKey.check(header);
        }
        JsonFields body = JsonBodies.fields(ctx, "channel", "data");
        ChannelName name = ChannelName.parse(body.text("channel"), "channel");
        policy.require(name, "channel");
        JsonNode data = body.any("data");
        if (outbound.full()) {
            metrics.publishRefused();
            throw OutboundBudget.publishRefused();
        }
        JsonNode answer = Json.object().put("channel", name.toString()).put("status", "published");
        IdempotencyKey key = IdempotencyKey.of(SCOPE, header, name.toString(), Json.write(data));
        if (key == null) {
            publish(ctx, name, data, answer);
            return;
        }
        // The broker is not the database: claim the key, publish, then record the answer. A node that dies in between
        // leaves a claim without an answer, which a retry takes over after a minute (and publishes: at most once
        // became at most twice only for that one retried request, whose first attempt may never have gone out).
        idempotency.claim(key).onComplete(claimed -> {
            if (claimed.failed()) {
                ctx.fail(claimed.cause());
            } else if (claimed.result() instanceof IdempotencyKeys.Done done) {
                JsonBodies.send(ctx, 202, Json.parse(done.result()));
            } else {
                registry.publish(ChannelFrames.message(name, data))
                        .compose(v -> idempotency.complete(key, Json.write(answer)), e -> idempotency.release(key)
                                .transform(r -> io.vertx.core.Future.<Void>failedFuture(e)))
                        .onComplete(ar -> {
                            if (ar.succeeded()) {
                                JsonBodies.send(ctx, 202, answer);
                            } else {
                                ctx.fail(ar.cause());
                            }
                        });
            }
        });
    }

    private void publish(RoutingContext ctx, ChannelName name, JsonNode data, JsonNode answer) {
        registry.publish(ChannelFrames.message(name, data)).onComplete(ar -> {
            if (ar.succeeded()) {
                JsonBodies.send(ctx, 202, answer);
            } else {
                ctx.fail(ar.cause());
            }
        });
    }
}
