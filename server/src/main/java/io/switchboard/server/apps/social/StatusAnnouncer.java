package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.inbox.Inbox;
import io.switchboard.server.presence.Presence;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a user's followers when the user goes online (first session opened) or offline (last session closed), as
 * {@code user_status} pushed to their {@code /ws/user/<id>} sockets on any node (live only: a follower who connects
 * later asks {@code GET /api/presence/}). Presence calls it once per transition of the whole deployment, on the node
 * that recorded the transition, so each change is announced once however many nodes run.
 *
 * <p>Transitions of one user are announced one after another on a node: while one announcement looks up the
 * followers, later transitions only mark the user to be announced again. Each announcement sends the state presence
 * reports when it sends, and only when that is the state of a transition heard for it, so a transition that another
 * one already undid is not announced, and the last word is the current state. At most {@link #MAX_FOLLOWERS}
 * followers (the lowest ids) are told.
 */
final class StatusAnnouncer {
    /** The most followers one change is pushed to. */
    static final int MAX_FOLLOWERS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(StatusAnnouncer.class);
    private static final int HEARD_ONLINE = 1;
    private static final int HEARD_OFFLINE = 2;
    private static final int RUNNING = 4;

    private final Presence presence;
    private final FollowStore follows;
    private final Inbox inbox;
    /** Per user being announced: the transitions heard and not yet taken, and RUNNING. Bounded by the users with sessions. */
    private final Map<Long, Integer> pending = new ConcurrentHashMap<>();

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
                changed(user, online);
            }
        });
    }

    private void changed(long user, boolean online) {
        boolean[] start = {false};
        pending.compute(user, (k, bits) -> {
            int b = bits == null ? 0 : bits;
            start[0] = (b & RUNNING) == 0;
            return b | RUNNING | (online ? HEARD_ONLINE : HEARD_OFFLINE);
        });
        if (start[0]) {
            announce(user);
        }
    }

    private void announce(long user) {
        int[] heard = {0};
        pending.computeIfPresent(user, (k, bits) -> {
            heard[0] = bits;
            return RUNNING;
        });
        follows.followerIds(user, MAX_FOLLOWERS)
                .compose(followers -> presence.isOnline(Long.toString(user)).map(online -> {
                    if ((heard[0] & (online ? HEARD_ONLINE : HEARD_OFFLINE)) != 0) {
                        push(user, online, followers);
                    }
                    return null;
                }))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("could not tell the followers of user {} about a status change: {}", user, ar.cause().toString());
                    }
                    boolean[] again = {false};
                    pending.compute(user, (k, bits) -> {
                        again[0] = bits != null && bits != RUNNING;
                        return again[0] ? bits : null;
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
