package io.switchboard.server.apps.social;

import io.switchboard.server.channel.ChannelAction;
import io.switchboard.server.channel.ChannelPolicy;
import io.vertx.core.Future;

/**
 * Who may use the social channels. {@code post:<id>}: any signed-in user may subscribe. {@code conversation:<id>}:
 * only its members may subscribe (looked up in the database). Clients publish on neither: counts come from likes
 * and comments, messages from {@code send_message}.
 */
final class SocialChannels {
    private SocialChannels() {
    }

    static void register(ChannelPolicy policy, ChatStore chats) {
        policy.register(SocialEvents.POST_NAMESPACE, (principal, channel, action) ->
                Future.succeededFuture(action == ChannelAction.SUBSCRIBE && Fields.positive(channel.name()) > 0));
        policy.register(SocialEvents.CONVERSATION_NAMESPACE, (principal, channel, action) -> {
            long user = Fields.positive(principal.userId());
            long conversation = Fields.positive(channel.name());
            if (action != ChannelAction.SUBSCRIBE || user <= 0 || conversation <= 0) {
                return Future.succeededFuture(false);
            }
            return chats.isMember(user, conversation);
        });
    }
}
