package io.switchboard.server.cluster;

import java.util.List;

/**
 * One open connection of a user.
 *
 * @param sessionId the session's id (as in its {@code connection_established})
 * @param node      the node it is connected to
 * @param channels  the channels it is subscribed to
 */
public record UserConnection(String sessionId, String node, List<String> channels) {
}
