package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;

/**
 * What the backend says about a client's subscribe or publish, asked after the namespace's rules allowed it and before
 * it happens (the backend hooks). Called on the session's event loop; a failed future is the reply's error.
 */
public interface ChannelHooks {
    /** No hooks: everything the namespace allows happens as sent. */
    ChannelHooks NONE = new ChannelHooks() {
        @Override
        public Future<JsonNode> subscribe(Session session, String channel) {
            return Future.succeededFuture(null);
        }

        @Override
        public Future<JsonNode> publish(Session session, String channel, JsonNode data) {
            return Future.succeededFuture(data);
        }
    };

    /** Completes with data for the client in the subscribe ack ({@code data.data}; null for none), or fails with the refusal. */
    Future<JsonNode> subscribe(Session session, String channel);

    /** Completes with the payload to publish, the client's or the backend's replacement, or fails with the refusal. */
    Future<JsonNode> publish(Session session, String channel, JsonNode data);
}
