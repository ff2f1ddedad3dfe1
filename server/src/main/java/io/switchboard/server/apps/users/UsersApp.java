package io.switchboard.server.apps.users;

import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.Namespace;
import io.switchboard.server.channel.PublishRule;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.transport.ChannelSocketEndpoint;
import io.vertx.core.Future;

/**
 * Live record sync (seed 002): a REST API on users whose every committed change reaches every open window,
 * on {@code /ws/user-updates/} and on channel {@code users:updates} of {@code /ws}.
 */
public final class UsersApp implements SwitchboardApp {
    /** The channel every change is broadcast on. */
    public static final ChannelName UPDATES = new ChannelName("users", "updates");
    /** The event type of a change. */
    public static final String USER_UPDATE = "user_update";

    @Override
    public String name() {
        return "users";
    }

    @Override
    public void mount(AppContext ctx) {
        // Any signed-in user may watch users:updates; only the server publishes there.
        ctx.policy().declare(Namespace.builder(UPDATES.namespace()).publish(PublishRule.BACKEND),
                (principal, channel, action) -> Future.succeededFuture(channel.equals(UPDATES)));
        UserUpdates updates = new UserBroadcast(ctx.channels());
        ctx.services().provide(UserUpdates.class, updates);
        new UserRoutes(new UserStore(ctx.database()), updates).mount(ctx.router(), new BearerAuth(ctx.tokens(), ctx.apiKeys()));
        ctx.sockets().add("/ws/user-updates/?", new ChannelSocketEndpoint(ctx.tokens(), ctx.gateway(),
                session -> ctx.channels().subscribe(session, UPDATES.toString())));
    }
}
