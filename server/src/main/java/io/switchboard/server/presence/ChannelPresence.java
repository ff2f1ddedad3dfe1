package io.switchboard.server.presence;

import io.vertx.core.Future;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which sessions are subscribed to the channels whose namespace tracks presence. One node keeps it in memory
 * ({@link MemoryChannelPresence}); many nodes share it through Redis ({@link RedisChannelPresence}), where each node
 * renews its own entries and an entry of a node that died without removing it disappears within the presence ttl.
 * Every method may be called from any thread, never blocks, and answers with a future; a failed {@code add} or
 * {@code remove} (Redis away) is made good by the next renewal or by the entry's expiry.
 */
public interface ChannelPresence {
    /** Records that {@code client} is subscribed to {@code channel}. */
    Future<Void> add(String channel, ChannelClient client);

    /** Records that the session left {@code channel}. */
    Future<Void> remove(String channel, String sessionId);

    /** The sessions subscribed to {@code channel} now, in no particular order. */
    Future<List<ChannelClient>> clients(String channel);

    /** How many sessions and users are subscribed to {@code channel}. */
    default Future<PresenceStats> stats(String channel) {
        return clients(channel).map(ChannelPresence::count);
    }

    /** Stops renewing; the entries are left to expire (or to the node's own removals before). */
    default Future<Void> close() {
        return Future.succeededFuture();
    }

    /** The counts of a list of clients. */
    static PresenceStats count(List<ChannelClient> clients) {
        Set<String> users = new HashSet<>();
        clients.forEach(c -> users.add(c.userId()));
        return new PresenceStats(clients.size(), users.size());
    }
}
