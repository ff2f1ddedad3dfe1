package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.gateway.Session;
import io.switchboard.server.gateway.SessionKey;
import java.util.Map;

/**
 * The body every hook gets: {@code {"client": session id, "transport": "websocket" (or "sse", "http_stream"),
 * "protocol": "json" (or "msgpack"), "user": user id
 * or "", "headers"?: {name: value}}}, to which each hook adds its own fields ({@code channel}, {@code data},
 * {@code method}).
 */
final class HookRequest {
    /** The client's handshake headers named in {@code hook-headers}, kept on its session for the later hooks. */
    static final SessionKey<ClientHeaders> HEADERS = SessionKey.of("hook-headers", ClientHeaders.class);

    private HookRequest() {
    }

    static ObjectNode body(String client, String user, Map<String, String> headers, ClientWire wire) {
        ObjectNode body = Json.object();
        body.put("client", client);
        body.put("transport", wire.transport());
        body.put("protocol", wire.protocol());
        body.put("user", user == null ? "" : user);
        if (headers != null && !headers.isEmpty()) {
            ObjectNode h = body.putObject("headers");
            headers.forEach(h::put);
        }
        return body;
    }

    /** The body for a hook about an open session. */
    static ObjectNode body(Session session) {
        return body(session.id(), session.userId(), headers(session),
                new ClientWire(session.transport(), session.binaryProtocol() ? "msgpack" : "json"));
    }

    /** The headers kept on the session, or none. */
    static Map<String, String> headers(Session session) {
        ClientHeaders h = session.get(HEADERS);
        return h == null ? Map.of() : h.values();
    }
}
