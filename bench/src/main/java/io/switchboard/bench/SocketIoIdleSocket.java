package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

/**
 * An idle Socket.IO v5 socket on Engine.IO v4's WebSocket transport, for the idle command: its token is in the
 * handshake's query, so that the CONNECT packet can be the bare {@code 40} (the server falls back to the handshake's
 * token when CONNECT carries none). Ready on the server's {@code 40{"sid":…}}; from then on it only answers the
 * server's pings, or the server would end the session after pingInterval + pingTimeout and the reading would count
 * sockets that are gone.
 */
final class SocketIoIdleSocket {
    private SocketIoIdleSocket() {
    }

    /** The query that opens an Engine.IO session on the WebSocket transport, without polling first. */
    static String handshakeQuery() {
        return "EIO=4&transport=websocket";
    }

    /** Connects and completes with the socket once the default namespace accepted it; fails on a refusal or close. */
    static Future<WebSocket> connect(WebSocketClient client, WebSocketConnectOptions connect) {
        return IdleSocketsCommand.connect(client, connect, "Socket.IO CONNECT", (ws, ready) ->
                // Idle traffic is one ping every pingInterval: the one-character test comes first, so that a ping costs
                // one comparison and one small write.
                ws.textMessageHandler(packet -> {
                    if (packet.length() == 1 && packet.charAt(0) == '2') {
                        ws.writeTextMessage("3");
                    } else if (packet.startsWith("0")) {
                        ws.writeTextMessage("40");
                    } else if (packet.startsWith("40")) {
                        if (packet.contains("\"sid\"")) {
                            ready.tryComplete(ws);
                        }
                    } else if (packet.startsWith("44")) {
                        ready.tryFail("Socket.IO CONNECT refused: " + packet);
                        ws.close();
                    }
                }));
    }
}
