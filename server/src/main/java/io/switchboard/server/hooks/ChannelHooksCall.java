package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.server.gateway.ChannelHooks;
import io.switchboard.server.gateway.Session;
import io.vertx.core.Future;

/**
 * The subscribe and publish hooks, for the namespaces {@link HookedNamespaces} names. Subscribe: the body has
 * {@code channel}; the result's {@code info} is kept as the session's info on that channel, its {@code data} goes to
 * the client in the ack. Publish: the body has {@code channel} and {@code data}; the result's {@code data}, when
 * present, is published instead of the client's.
 */
final class ChannelHooksCall implements ChannelHooks {
    /** The subscribe hook's {@code info} per channel, for presence. */
    @SuppressWarnings({"unchecked", "rawtypes"})

    private final HookClient client;
    private final String subscribeUrl;
    private final String publishUrl;
    private final HookedNamespaces namespaces;

    ChannelHooksCall(HookClient client, String subscribeUrl, String publishUrl, HookedNamespaces namespaces) {
        this.client = client;
        this.subscribeUrl = subscribeUrl;
        this.publishUrl = publishUrl;
        this.namespaces = namespaces;
    }

    @Override
    public Future<SubscribeAnswer> subscribe(Session session, String channel) {
        if (subscribeUrl == null || !namespaces.subscribeHook(namespace(channel))) {
            return Future.succeededFuture(SubscribeAnswer.NONE);
        }
        ObjectNode body = HookRequest.body(session);
        body.put("channel", channel);
        return client.call(HookKind.SUBSCRIBE, subscribeUrl, body, HookRequest.headers(session)).compose(answer -> {
            ObjectNode result = Hooks.allowed(session, answer);
            JsonNode info = result.get("info");
            return Future.succeededFuture(new SubscribeAnswer(info == null || info.isNull() ? null : info, result.get("data")));
        });
    }

    @Override
    public Future<JsonNode> publish(Session session, String channel, JsonNode data) {
        if (publishUrl == null || !namespaces.publishHook(namespace(channel))) {
            return Future.succeededFuture(data);
        }
        ObjectNode body = HookRequest.body(session);
        body.put("channel", channel);
        body.set("data", data);
        return client.call(HookKind.PUBLISH, publishUrl, body, HookRequest.headers(session)).compose(answer -> {
            ObjectNode result = Hooks.allowed(session, answer);
            return Future.succeededFuture(result.has("data") ? result.get("data") : data);
        });
    }

    private static String namespace(String channel) {
        int colon = channel.indexOf(':');
        return colon < 0 ? "" : channel.substring(0, colon);
    }
}
