package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.presence.Presence;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user's followers when the user goes online (first session opened) or offline (last session closed), as
 * {@code user_status} pushed to their {@code /ws/user/<id>} sockets (live only: a follower who connects later asks
 * {@code GET /api/presence/}).
 *
 * <p>Transitions of one user are announced one after another: while one announcement looks up the followers,
 * later transitions only mark the user to be announced again. Each announcement sends the state presence reports
 * when it sends (not the one its transition named), and only when it differs from the last one announced, so
 * followers see each change once and the last word is the current state, even when two transitions race. At
 * most {@link #MAX_FOLLOWERS} followers (the lowest ids) are told.
 */
final class StatusAnnouncer {
    /** The most followers one change is pushed to. */
    static final int MAX_FOLLOWERS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StatusAnnouncer.class);

    private final Presence presence;
    private final FollowStore follows;
    private final Inbox inbox;
    /** Users being announced now; true when another transition came meanwhile. Bounded by the users with sessions. */
    private final Map<Long, Boolean> running = new ConcurrentHashMap<>();
    /** Users last announced online. Bounded by the users online. */
    private final Set<Long> announcedOnline = ConcurrentHashMap.newKeySet();

    StatusAnnouncer(Presence presence, FollowStore follows, Inbox inbox) {
        this.presence = presence;
        this.follows = follows;
        this.inbox = inbox;
    }

    /** Listens to presence. */
    void start() {
        presence.onChange((userId, online) -> {
            long user = Fields.positive(userId);
            if (user > 0) {
                changed(user);
            }
        });
    }

    private void changed(long user) {
        boolean[] start = {false};
        running.compute(user, (k, again) -> {
            start[0] = again == null;
            return again != null;
        });
        if (start[0]) {
            announce(user);
        }
    }

    private void announce(long user) {
        follows.followerIds(user, MAX_FOLLOWERS)
                .compose(followers -> presence.isOnline(Long.toString(user)).map(online -> {
                    boolean changed = online ? announcedOnline.add(user) : announcedOnline.remove(user);
                    if (changed) {
                        push(user, online, followers);
                    }
                    return null;
                }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("could not tell the followers of user {} about a status change: {}", user, ar.cause().toString());
                    }
                    boolean[] again = {false};
                    running.compute(user, (k, more) -> {
                        again[0] = Boolean.TRUE.equals(more);
                        return again[0] ? Boolean.FALSE : null;
                    });
                    if (again[0]) {
                        announce(user);
                    }
                });
    }

    private void push(long user, boolean online, List<Long> followers) {
        ObjectNode data = Json.object();
        data.put("user_id", user);
        data.put("status", online ? "online" : "offline");
        for (long follower : followers) {
            inbox.push(Long.toString(follower), SocialEvents.USER_STATUS, data);
        }
    }
}
