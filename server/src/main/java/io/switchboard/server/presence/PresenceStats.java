package io.switchboard.server.presence;

/**
 * How many are subscribed to a channel.
 *
 * @param numClients sessions
 * @param numUsers   distinct users among them
 */
public record PresenceStats(int numClients, int numUsers) {
}
