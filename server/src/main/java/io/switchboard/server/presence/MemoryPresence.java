package io.switchboard.server.presence;

import io.switchboard.server.collections.SmallSets;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Presence on one node: each online user's open session ids. Bounded by the sessions the node admits (its
 * connection limits); a user with no session has no entry.
 */
public final class MemoryPresence implements Presence {
    /** Each user's session ids as {@link SmallSets}: a few bytes for the usual one or two. */
    private final Map<String, Set<String>> sessions = new ConcurrentHashMap<>();
    private final List<PresenceListener> listeners = new CopyOnWriteArrayList<>();

    @Override
    public Future<Boolean> sessionOpened(String userId, String sessionId) {
        boolean[] first = new boolean[1];
        sessions.compute(userId, (user, open) -> {
            first[0] = open == null;
            return SmallSets.with(open, sessionId);
        });
        if (first[0]) {
            fire(userId, true);
        }
        return Future.succeededFuture(first[0]);
    }

    @Override
    public Future<Boolean> sessionClosed(String userId, String sessionId) {
        boolean[] last = new boolean[1];
        sessions.computeIfPresent(userId, (user, open) -> {
            boolean had = open.contains(sessionId);
            Set<String> left = SmallSets.without(open, sessionId);
            last[0] = had && left == null;
            return left;
        });
        if (last[0]) {
            fire(userId, false);
        }
        return Future.succeededFuture(last[0]);
    }

    @Override
    public Future<Boolean> isOnline(String userId) {
        return Future.succeededFuture(sessions.containsKey(userId));
    }

    @Override
    public Future<Set<String>> online(Collection<String> userIds) {
        if (userIds.size() > MAX_QUERY) {
            return Future.failedFuture(new IllegalArgumentException("at most " + MAX_QUERY + " users per query"));
        }
        Set<String> out = new HashSet<>();
        for (String id : userIds) {
            if (sessions.containsKey(id)) {
                out.add(id);
            }
        }
        return Future.succeededFuture(out);
    }

    @Override
    public void onChange(PresenceListener listener) {
        listeners.add(listener);
    }

    /** Users online now, on this node. */
    public int onlineCount() {
        return sessions.size();
    }

    private void fire(String userId, boolean online) {
        for (PresenceListener l : listeners) {
            l.changed(userId, online);
        }
    }
}
