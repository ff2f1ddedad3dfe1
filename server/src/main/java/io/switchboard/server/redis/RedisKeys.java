package io.switchboard.server.redis;

import java.util.regex.Pattern;

/**
 * The names a deployment uses in Redis, all under one prefix so that several deployments (or test runs) can share
 * a Redis. A channel's history keys carry the channel in braces, a Redis Cluster hash tag, so that the script that
 * touches both runs on one shard; the presence keys all carry {@code {presence}}, for the scripts that move a
 * session between a node's keys and its user's.
 *
 * @param prefix letters, digits and {@code _ - .}, 1 to 32 characters
 */
public record RedisKeys(String prefix) {
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** Checks the prefix. */
    public RedisKeys {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("a Redis prefix is 1 to 32 letters, digits, _ - or ., got '" + prefix + "'");
        }
    }

    /** Whether {@code prefix} is a valid prefix. */
    public static boolean valid(String prefix) {
        return prefix != null && PREFIX.matcher(prefix).matches();
    }

    /** The pub/sub topic a channel's publications travel on, {@code <prefix>:ch:<channel>}. */
    public String topic(String channel) {
        return prefix + ":ch:" + channel;
    }

    /** What every channel topic starts with. */
    public String topicPrefix() {
        return prefix + ":ch:";
    }

    /** The topic only one node subscribes to, for its own markers. */
    public String nodeTopic(String node) {
        return prefix + ":node:" + node;
    }

    /** What every control topic starts with (questions between nodes and their answers). */
    public String controlPrefix() {
        return prefix + ":ctl:";
    }

    /** The topic every node hears control questions on. */
    public String controlTopic() {
        return controlPrefix() + "all";
    }

    /** The topic only one process hears the answers to its control questions on. */
    public String controlAnswerTopic(String instance) {
        return controlPrefix() + "n:" + instance;
    }

    /** The pub/sub topic a user's events travel on between nodes, {@code <prefix>:user:<user id>}. */
    public String userTopic(String userId) {
        return prefix + ":user:" + userId;
    }

    /** What every user topic starts with. */
    public String userTopicPrefix() {
        return prefix + ":user:";
    }

    /** What every presence key starts with; the presence scripts build a node's and a user's key from it. */
    public String presencePrefix() {
        return prefix + ":{presence}:";
    }

    /**
     * A random value a node sets when it finds none: a different one than the node saw before means Redis lost the
     * presence it held (a restart without persistence), not that one node's entry expired.
     */
    public String presenceEpoch() {
        return presencePrefix() + "epoch";
    }

    /** The sorted set of nodes that hold presence, each scored with the time (epoch ms) its entries expire. */
    public String presenceNodes() {
        return presencePrefix() + "nodes";
    }

    /** The hash of a node's open sessions: session id to user id. */
    public String presenceSessions(String node) {
        return presencePrefix() + "n:" + node;
    }

    /** The hash of a user's open sessions per node: node id to count; absent while the user is offline. */
    public String presenceUser(String userId) {
        return presencePrefix() + "u:" + userId;
    }

    /** The hash holding a channel history's epoch and latest offset. */
    public String meta(String channel) {
        return prefix + ":h:{" + channel + "}:meta";
    }

    /** The list holding a channel history's publications, oldest first. */
    public String log(String channel) {
        return prefix + ":h:{" + channel + "}:log";
    }

    /** The hash of a channel's present sessions: session id to its entry (user id, session id, info as JSON). */
    public String channelPresence(String channel) {
        return prefix + ":cp:{" + channel + "}:clients";
    }

    /** The sorted set of a channel's present sessions, each scored with the time (Redis ms) its entry expires. */
    public String channelPresenceExpiry(String channel) {
        return prefix + ":cp:{" + channel + "}:expiry";
    }
}
