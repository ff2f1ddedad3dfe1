package io.switchboard.server;

import io.switchboard.server.broker.Broker;
import io.switchboard.server.redis.RedisSettings;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.inbox.InboxNotifier;
import io.switchboard.server.presence.ChannelPresence;
import io.switchboard.server.presence.Presence;
import io.vertx.core.Vertx;

/**
 * What carries channels, presence and user-event notices between the nodes of a deployment: memory for one node,
 * Redis for many. Built, joined and closed off the event loops; its methods block.
 */
interface Backplane {
    /** The broker of publications and channel history. */
    Broker broker();

    /** Who is online. */
    Presence presence();

    /** Who is subscribed to the channels whose namespace tracks presence. */
    ChannelPresence channelPresence();

    /** The live push of user events to the node with the user's socket. */
    InboxNotifier notifier();

    /** Questions asked of every node and their answers (the server API's cross-node calls). */
    NodeControl control();

    /** Registers this node's presence: after the apps listen to presence, before any session opens. */
    void join();

    /** Before the sockets close at a clean shutdown: the other nodes take this node's sessions at once. */
    void leave();

    /** Closes its connections and timers. */
    void close();

    /** The Redis backplane when {@code redis} names one, else the memory one. */
    static Backplane create(Vertx vertx, RedisSettings redis, String nodeId, ChannelPolicy policy, int lanes) {
        return redis.enabled() ? RedisBackplane.open(vertx, redis, nodeId, policy, lanes) : MemoryBackplane.open(vertx, nodeId, policy, lanes);
    }
}
