package io.switchboard.server.apps.social;

/**
 * What a like, an unlike or a comment did to a post, read in the transaction that did it.
 *
 * @param postId   the post
 * @param authorId the post's author, who gets the notification
 * @param count    the like count (for a like or unlike) or the comment count (for a comment) after the change
 * @param version  the post's counter version after the change
 * @param changed  whether the count changed (false for a repeated like, or an unlike of a post not liked)
 * @param notifies whether this request sends the author's notification: a new like or comment by someone else, or
 *                 a retry of one whose notification was not stored
 * @param actor    who did it, as the notification names them
 */
record CountChange(long postId, long authorId, long count, long version, boolean changed, boolean notifies, Actor actor) {
}
