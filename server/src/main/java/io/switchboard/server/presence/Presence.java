package io.switchboard.server.presence;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.Set;

/**
 * Who is online. A user is online while at least one of their sessions is open, whatever socket kind and however
 * many tabs and phones: the transitions that matter are the first session opening and the last one closing.
 *
 * <p>The engine reports every session it opens and closes; apps read the state and listen for transitions. This
 * node's implementation is {@link MemoryPresence}; a cluster keeps the same contract across nodes, so every
 * method answers with a future.
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
     * Calls {@code listener} once per transition, on the thread that recorded it. Two transitions of one user on
     * two event loops may reach listeners in either order: a listener that tells others should send the state
     * {@link #isOnline} reports when it sends, not the one it was called with, so the last word is always right.
     */
    void onChange(PresenceListener listener);
}
