package io.switchboard.server.hooks;

import io.switchboard.protocol.SubProtocols;

/**
 * How a client reaches the node, as every hook request names it: {@code transport} ({@code websocket}, {@code sse},
 * {@code http_stream}) and {@code protocol} ({@code json} or {@code msgpack}), so a backend can tell them apart.
 *
 * @param transport the transport's name, as {@code user_connections} gives it
 * @param protocol  {@code json} or {@code msgpack}
 */
public record ClientWire(String transport, String protocol) {
    /** JSON over an HTTP stream or a WebSocket that speaks JSON. */
    public static ClientWire json(String transport) {
        return new ClientWire(transport, "json");
    }

    /**
     * A WebSocket about to be upgraded, speaking what the server will choose from the client's
     * {@code Sec-WebSocket-Protocol} offer (null: none): its first entry the server speaks.
     */
    public static ClientWire webSocket(String offered) {
        if (offered != null) {
            for (String entry : offered.split(",")) {
                String p = entry.trim();
                if (p.equals(SubProtocols.MSGPACK)) {
                    return new ClientWire("websocket", "msgpack");
                }
                if (p.equals(SubProtocols.JSON)) {
                    break;
                }
            }
        }
        return json("websocket");
    }
}
