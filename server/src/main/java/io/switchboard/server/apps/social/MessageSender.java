package io.switchboard.server.apps.social;

import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelRegistry;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path of a chat message, from the socket ({@code send_message}) and from REST alike: stored, then
 * published as {@code new_message} on {@code conversation:<id>}. A retry with the same {@code client_id} gets the
 * stored message and publishes nothing again. Messages of concurrent senders may reach subscribers out of id order;
 * clients order by {@code id}.
 */
final class MessageSender {
    private static final Logger LOG = LoggerFactory.getLogger(MessageSender.class);

    private final ChatStore store;
    private final ChannelRegistry channels;

    MessageSender(ChatStore store, ChannelRegistry channels) {
        this.store = store;
        this.channels = channels;
    }

    /** Stores and publishes; completes with the stored message once committed. */
    Future<Created<Message>> send(long sender, long conversation, String content, String clientId) {
        return store.send(sender, conversation, content, clientId).onSuccess(sent -> {
            if (sent.created()) {
                channels.publish(ChannelFrames.event(SocialEvents.conversation(conversation), SocialEvents.NEW_MESSAGE,
                        sent.value().toJson())).onFailure(e -> LOG.warn("could not publish message {}: {}", sent.value().id(), e.toString()));
            }
        });
    }
}
