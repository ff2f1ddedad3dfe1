package io.switchboard.server.apps.social;

import io.switchboard.server.channel.ChannelName;

/**
 * The names of the social app's channels and messages. They are the seed's Socket.IO event names, so a Socket.IO
 * client can map each one to one.
 */
public final class SocialEvents {
    /** Channels {@code post:<id>}: any signed-in user may watch a post; only the server publishes. */
    public static final String POST_NAMESPACE = "post";
    /** Channels {@code conversation:<id>}: only members may subscribe; only the server publishes. */
    public static final String CONVERSATION_NAMESPACE = "conversation";
    /** A post's like count changed: {@code {post_id, count, version}} on {@code post:<id>}. */
    public static final String LIKE_UPDATE = "like_update";
    /** A post got a comment: {@code {post_id, count, version, comment}} on {@code post:<id>}. */
    public static final String COMMENT_UPDATE = "comment_update";
    /** A durable per-user event: {@code {type: like|comment|follow, message, actor, post_id?, comment_id?}}. */
    public static final String NOTIFICATION = "notification";
    /** A followed user went online or offline: {@code {user_id, status}}, live only. */
    public static final String USER_STATUS = "user_status";
    /** Client to server {@code {conversation_id, is_typing}}; server to the other members {@code {conversation_id, user_id, is_typing}}. */
    public static final String TYPING = "typing";
    /** Client to server: {@code {conversation_id, content, client_id?}}; the ack carries the stored message. */
    public static final String SEND_MESSAGE = "send_message";
    /** A followed user's new post, as {@code GET /api/posts/<id>/} answers it; live only, to the followers. */
    public static final String NEW_POST = "new_post";
    /** A stored chat message on {@code conversation:<id>}. */
    public static final String NEW_MESSAGE = "new_message";

    private SocialEvents() {
    }

    /** The channel of a post. */
    public static ChannelName post(long id) {
        return new ChannelName(POST_NAMESPACE, Long.toString(id));
    }

    /** The channel of a conversation. */
    public static ChannelName conversation(long id) {
        return new ChannelName(CONVERSATION_NAMESPACE, Long.toString(id));
    }
}
