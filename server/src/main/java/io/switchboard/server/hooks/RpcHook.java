package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.gateway.MessageHandler;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/**
 * The {@code rpc} command: {@code {"method": "name", "data": <any JSON>}} is forwarded to the RPC hook as
 * {@code method} and {@code data}; its result's {@code data} comes back in the ack as {@code {"data": ...}}, its
 * {@code error} as the reply's error with the backend's code. Without {@code hook-rpc-url} every call is
 * {@code not_found}.
 */
final class RpcHook implements MessageHandler {
    /** The longest method name. */
    static final int MAX_METHOD = 128;
    private final HookClient client;
    private final String url;

    RpcHook(HookClient client, String url) {
        this.client = client;
        this.url = url;
    }

    @Override
    public Future<JsonNode> handle(Session session, Envelope envelope) {
        JsonFields fields = JsonFields.data(envelope.data(), "method", "data");
        String method = fields.text("method", 1, MAX_METHOD);
        JsonNode data = fields.has("data") ? fields.any("data") : Json.mapper().nullNode();
        if (url == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "this server has no rpc hook (hook-rpc-url)", "data.method");
        }
        ObjectNode body = HookRequest.body(session);
        body.put("method", method);
        body.set("data", data);
        return client.call(HookKind.RPC, url, body, HookRequest.headers(session)).compose(answer -> {
            ObjectNode result = Hooks.allowed(session, answer);
            ObjectNode reply = Json.object();
            reply.set("data", result.has("data") ? result.get("data") : Json.mapper().nullNode());
            return Future.succeededFuture(reply);
        });
    }
}
