package io.switchboard.server.apps.social;

import io.switchboard.server.inbox.Inbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the author's followers about a new post: {@code new_post} with the post, pushed live (no {@code seq}) to
 * their {@code /ws/user/<id>} sockets on any node, so that a feed shows it as it is written. A follower who was
 * away reads it from {@code GET /api/posts/}. At most {@link StatusAnnouncer#MAX_FOLLOWERS} followers (the lowest
 * ids) are told.
 */
final class NewPosts {
    private static final Logger LOG = LoggerFactory.getLogger(NewPosts.class);

    private final FollowStore follows;
    private final Inbox inbox;

    NewPosts(FollowStore follows, Inbox inbox) {
        this.follows = follows;
        this.inbox = inbox;
    }

    /** Pushes {@code post}, just committed, to its author's followers; the author's request does not wait for it. */
    void announce(Post post) {
        follows.followerIds(post.author().id(), StatusAnnouncer.MAX_FOLLOWERS).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("could not tell the followers of user {} about post {}: {}", post.author().id(), post.id(),
                        ar.cause().toString());
                return;
            }
            var data = post.toJson();
            // Whether the receiver liked it is theirs to read: a new post is liked by nobody.
            data.put("liked", false);
            for (long follower : ar.result()) {
                inbox.push(Long.toString(follower), SocialEvents.NEW_POST, data);
            }
        });
    }
}
