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
        public Future<SubscribeAnswer> subscribe(Session session, String channel) {
            return Future.succeededFuture(SubscribeAnswer.NONE);
        }

        @Override
        public Future<JsonNode> publish(Session session, String channel, JsonNode data) {
            return Future.succeededFuture(data);
        }
    };

    /**
     * What the backend said about a subscribe it allowed.
     *
     * @param info the session's info on this channel, listed by its presence instead of the connection's (null: the
     *             connection's)
     * @param data for the client, in the subscribe ack as {@code data.data} (null: none)
     */
    record SubscribeAnswer(JsonNode info, JsonNode data) {
        /** No hook: nothing to add. */
        public static final SubscribeAnswer NONE = new SubscribeAnswer(null, null);
    }

    /** Completes with what the backend added to the subscription, or fails with the refusal. */
    Future<SubscribeAnswer> subscribe(Session session, String channel);

    /** Completes with the payload to publish, the client's or the backend's replacement, or fails with the refusal. */
    Future<JsonNode> publish(Session session, String channel, JsonNode data);
}
