package io.switchboard.server.apps.social;

import io.switchboard.server.channel.ChannelPolicy;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.channel.PublishRule;
import io.vertx.core.Future;

/**
 * Who may use the social channels. {@code post:<id>}: any signed-in user may subscribe. {@code conversation:<id>}:
 * only its members may subscribe (looked up in the database). Both are declared with {@code publish=backend}
 * (the configuration may change their other options). Clients publish on neither: counts come from likes
 * and comments, messages from {@code send_message}.
 */
final class SocialChannels {
    private SocialChannels() {
    }

    static void register(ChannelPolicy policy, ChatStore chats) {
        policy.declare(Namespace.builder(SocialEvents.POST_NAMESPACE).publish(PublishRule.BACKEND),
                (principal, channel, action) -> Future.succeededFuture(Fields.positive(channel.name()) > 0));
        policy.declare(Namespace.builder(SocialEvents.CONVERSATION_NAMESPACE).publish(PublishRule.BACKEND), (principal, channel, action) -> {
            long user = Fields.positive(principal.userId());
            long conversation = Fields.positive(channel.name());
            if (user <= 0 || conversation <= 0) {
                return Future.succeededFuture(false);
            }
            return chats.isMember(user, conversation);
        });
    }
}
