package io.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelRegistry;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;

/** {@code POST /api/publish {"channel","data"}}: a backend with the API key pushes to a channel's subscribers. */
public final class PublishRoute {
    private final ChannelRegistry registry;
    private final ApiKeys keys;

    private PublishRoute(ChannelRegistry registry, ApiKeys keys) {
        this.registry = registry;
        this.keys = keys;
    }

    /** Mounts the route. */
    public static void mount(Router router, ChannelRegistry registry, ApiKeys keys) {
        router.post("/api/publish").handler(new PublishRoute(registry, keys)::handle);
    }

    private void handle(RoutingContext ctx) {
        keys.require(ctx);
        ObjectNode body = JsonBodies.object(ctx);
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("channel") && !f.equals("data")) {
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown field " + f, f);
            }
        }
        JsonNode channel = body.get("channel");
        if (channel == null || channel.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "channel is required", "channel");
        }
        if (!channel.isTextual()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "channel must be a string", "channel");
        }
        ChannelName name = ChannelName.parse(channel.textValue(), "channel");
        JsonNode data = body.get("data");
        if (data == null) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "data is required", "data");
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
