package io.switchboard.server.cluster;

import java.util.List;

/**
 * One open connection of a user.
 *
 * @param sessionId the session's id (as in its {@code connection_established})
 * @param node      the node it is connected to
 * @param transport {@code websocket}, {@code sse} or {@code http_stream} (a native session), or {@code socketio}
 * @param channels  the channels it is subscribed to (a Socket.IO socket's rooms)
 */
public record UserConnection(String sessionId, String node, String transport, List<String> channels) {
}
