package io.switchboard.server.presence;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Who is online. A user is online while at least one of their sessions is open, whatever socket kind and however
 * many tabs and phones: the transitions that matter are the first session opening and the last one closing.
 *
 * <p>The engine reports every session it opens and closes; apps read the state and listen for transitions. One
 * node keeps it in memory ({@link MemoryPresence}); many nodes share it through Redis ({@link RedisPresence}), where
 * a user is online while a session of theirs is open on any node, and a node that dies takes its sessions with it
 * within a bounded time. Every method answers with a future.
 */
public interface Presence {
    /** Most users {@link #online(Collection)} answers for in one call. */
    int MAX_QUERY = 1_000;

    /** Records an opened session. Completes with true when it made the user online. */
    Future<Boolean> sessionOpened(String userId, String sessionId);

    /** Records a closed session. Completes with true when it made the user offline. */
    Future<Boolean> sessionClosed(String userId, String sessionId);

    /** Whether the user has at least one open session. */
    Future<Boolean> isOnline(String userId);

    /** Which of {@code userIds} (at most {@link #MAX_QUERY}) are online. */
    Future<Set<String>> online(Collection<String> userIds);

    /**
     * Calls {@code listener} once per transition of the whole deployment, on the node and the thread that recorded
     * it (with many nodes: the node where the first session opened or the last one closed, or the node that reaped
     * a dead node's sessions); no other node hears of it. A user's transitions alternate (online, offline, online),
     * but two of them recorded on two threads or two nodes may reach listeners in either order: a listener that
     * tells others should send the state {@link #isOnline} reports when it sends, and only when that is the state
     * of a transition it heard, so the last word is right.
     */
    void onChange(PresenceListener listener);
}
