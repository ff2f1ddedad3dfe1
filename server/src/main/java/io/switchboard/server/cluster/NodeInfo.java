package io.switchboard.server.cluster;

/**
 * One node's figures.
 *
 * @param name          the node's id
 * @param uptime        seconds since it started
 * @param numClients    open sessions on it
 * @param numUsers      users with a session on it
 * @param numChannels   channels with a subscriber on it
 */
public record NodeInfo(String name, long uptime, int numClients, int numUsers, int numChannels) {
}
