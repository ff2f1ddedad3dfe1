package io.switchboard.server.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.vertx.core.Future;

/**
 * Handles one client event. Called on the socket's event loop: answer at once, or return a future completed by work
 * done elsewhere. When the client asked for an acknowledgement it gets the result as the one argument (none for
 * null); a failure with a {@link io.switchboard.protocol.ProtocolException} gets {@code {"error": {code, message,
 * field}}} as the argument instead, or, without an acknowledgement, an {@code error} event with that body.
 */
@FunctionalInterface
public interface SocketIoHandler {
    /** Handles the event's arguments (the event name removed). */
    Future<JsonNode> handle(SocketIoSocket socket, ArrayNode args);
}
