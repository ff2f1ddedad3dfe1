package io.switchboard.server;

import io.switchboard.server.broker.RedisBroker;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.control.RedisNodeControl;
import io.switchboard.server.inbox.RedisInboxNotifier;
import io.switchboard.server.presence.RedisChannelPresence;
import io.switchboard.server.presence.RedisPresence;
import io.switchboard.server.redis.RedisAddress;
import io.switchboard.server.redis.RedisSettings;
import io.switchboard.server.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many nodes: channels and their history, presence (this node's sessions under its node id) and one topic per
 * user with a socket here, through Redis. A node whose Redis does not answer yet starts anyway, not ready
 * ({@code /health/ready} says the broker is down), and connects as soon as Redis does.
 */
record RedisBackplane(RedisBroker broker, SharedRedis redis, RedisPresence presence, RedisChannelPresence channelPresence,
                      RedisInboxNotifier notifier, RedisNodeControl control)
        implements Backplane {
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);

    static RedisBackplane open(Vertx vertx, RedisSettings redis, String nodeId, ChannelPolicy policy, int lanes) {
        // One command and one subscription connection for the node, shared by the broker, presence and the notifier.
        SharedRedis shared = SharedRedis.create(vertx, redis.url(), redis.keys(), nodeId);
        RedisBroker broker = RedisBroker.create(shared, policy::history, lanes);
        try {
            shared.start().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Redis does not answer yet ({}); the node starts not ready and keeps trying", e.getMessage());
        }
        // Nothing of presence's is recorded until join().
        return new RedisBackplane(broker, shared, RedisPresence.create(shared, redis.presenceTtl()),
                RedisChannelPresence.create(shared, redis.presenceTtl()), RedisInboxNotifier.create(shared),
                RedisNodeControl.create(shared, RedisAddress.parse(redis.url()).type() == RedisClientType.CLUSTER));
    }

    /** Registers this node's presence; a Redis that does not answer yet is retried in the background. */
    @Override
    public void join() {
        try {
            presence.start().await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Redis presence does not answer yet ({}); the node keeps trying", e.getMessage());
        }
    }

    /**
     * The other nodes take this node's sessions at their next reaper pass, rather than when its entries expire,
     * and announce the users who did not reconnect elsewhere meanwhile.
     */
    @Override
    public void leave() {
        try {
            presence.leave().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("could not remove this node's presence ({}); other nodes reap it when it expires", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            broker.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the broker did not close cleanly: {}", e.toString());
        }
        try {
            Future.join(presence.close(), channelPresence.close(), notifier.close()).await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Redis presence did not close cleanly: {}", e.toString());
        }
        try {
            redis.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("the Redis connections did not close cleanly: {}", e.toString());
        }
    }
}
