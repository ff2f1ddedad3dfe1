package io.switchboard.server.apps.social;

import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.inbox.UserSocket;
import java.util.List;

/**
 * The social network of seed 003 on the engine: posts, likes, comments, follows and chat over REST; live counts on
 * {@code post:<id>}, chat messages on {@code conversation:<id>}, durable {@code notification}s and live
 * {@code user_status} and {@code typing} on each user's {@code /ws/user/<id>} sockets, which also take
 * {@code send_message} and {@code typing}. Users are the users app's: a token's subject is a user id.
 */
public final class SocialApp implements SwitchboardApp {
    @Override
    public String name() {
        return "social";
    }

    @Override
    public List<SettingKey> declaredSettings() {
        return SocialSettings.DECLARED;
    }

    @Override
    public void checkSettings(SettingValues settings) {
        SocialSettings.from(settings);
    }

    @Override
    public void mount(AppContext ctx) {
        SocialSettings settings = SocialSettings.from(ctx.settings());
        PostStore posts = new PostStore(ctx.database());
        FollowStore follows = new FollowStore(ctx.database());
        ChatStore chats = new ChatStore(ctx.database());
        Notifications notifications = new Notifications(ctx.inbox());
        MessageSender sender = new MessageSender(chats, ctx.channels());
        BearerAuth auth = new BearerAuth(ctx.tokens());

        SocialChannels.register(ctx.policy(), chats);
        new PostRoutes(posts, new CountUpdates(ctx.channels()), notifications, new NewPosts(follows, ctx.inbox())).mount(ctx.router(), auth);
        new FollowRoutes(follows, notifications).mount(ctx.router(), auth);
        new PresenceRoutes(ctx.presence(), follows).mount(ctx.router(), auth);
        new ChatRoutes(chats, sender).mount(ctx.router(), auth);
        Typing typing = new Typing(ctx.vertx(), chats, ctx.inbox(), settings.typingThrottle(), settings.typingTimeout());
        new ChatSocket(sender, typing).registerOn(ctx.gateway().handlerSets().get(UserSocket.HANDLER_SET));
        SocialSocketIo.register(ctx.socketIo(), sender, typing);
        new StatusAnnouncer(ctx.presence(), follows, ctx.inbox()).start();
    }
}
