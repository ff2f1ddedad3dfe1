package io.switchboard.server;

import io.switchboard.server.broker.Broker;
import io.switchboard.server.broker.MemoryBroker;
import io.switchboard.server.broker.MemoryChannelHistory;
import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.control.LocalNodeControl;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.inbox.InboxNotifier;
import io.switchboard.server.inbox.LocalInboxNotifier;
import io.switchboard.server.presence.ChannelPresence;
import io.switchboard.server.presence.MemoryChannelPresence;
import io.switchboard.server.presence.MemoryPresence;
import io.switchboard.server.presence.Presence;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/** One node: channels, their history, presence and user-event notices in this process. */
record MemoryBackplane(Vertx vertx, Broker broker, Presence presence, ChannelPresence channelPresence, InboxNotifier notifier,
                       NodeControl control,
                       long evictTimer)
        implements Backplane {
    /** How often the history of channels nobody used for a while is dropped. */
    private static final long EVICT_EVERY_MILLIS = 300_000;

    static MemoryBackplane open(Vertx vertx, String nodeId, ChannelPolicy policy, int lanes) {
        MemoryChannelHistory history = new MemoryChannelHistory(policy::history);
        long timer = vertx.setPeriodic(EVICT_EVERY_MILLIS, t -> history.evictIdle());
        return new MemoryBackplane(vertx, new MemoryBroker(vertx, lanes, history), new MemoryPresence(),
                new MemoryChannelPresence(), new LocalInboxNotifier(), new LocalNodeControl(nodeId), timer);
    }

    @Override
    public void join() {
    }

    @Override
    public void leave() {
    }

    @Override
    public void close() {
        vertx.cancelTimer(evictTimer);
        try {
            broker.close().await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LoggerFactory.getLogger(MemoryBackplane.class).warn("the broker did not close cleanly: {}", e.toString());
        }
    }
}
