package io.switchboard.server.apps.accounts;

import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.auth.PasswordHasher;
import io.switchboard.server.apps.users.UserUpdates;
import io.switchboard.server.http.BearerAuth;
import java.util.List;

/**
 * Accounts (seed 003's JWT sign-in): register and log in with a username and password, get an access token and
 * a refresh token, refresh, and read who you are. An account is a user of the users table, and its id (as a
 * decimal string) is the subject of its tokens, so its {@code user:<id>} channel and {@code /ws/user/<id>} socket
 * are its own.
 */
public final class AccountsApp implements SwitchboardApp {
    /** Keys (client addresses, usernames) each limiter tracks; the least recently seen are forgotten first. */
    static final int MAX_TRACKED_KEYS = 10_000;
    /** Hash jobs allowed in flight per hashing thread before new ones get {@code unavailable}. */
    static final int HASH_JOBS_PER_THREAD = 8;

    @Override
    public String name() {
        return "accounts";
    }

    @Override
    public List<SettingKey> declaredSettings() {
        return AccountSettings.DECLARED;
    }

    @Override
    public void checkSettings(SettingValues settings) {
        AccountSettings.from(settings);
    }

    /**
     * Uses the users app's {@link UserUpdates} when it is installed before: a new account is a new user, announced as
     * one. Without the users app nobody may watch {@code users:updates}, so there is no one to tell.
     */
    @Override
    public void mount(AppContext ctx) {
        AccountSettings settings = AccountSettings.from(ctx.settings());
        UserUpdates users = ctx.services().find(UserUpdates.class).orElse((action, user) -> { });
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        PasswordJobs passwords = new PasswordJobs(ctx.vertx(), new PasswordHasher(settings.passwordIterations()),
                threads, threads * HASH_JOBS_PER_THREAD);
        new AccountRoutes(new AccountStore(ctx.database()), passwords, ctx.tokens(), users,
                settings.accessTokenTtl(), settings.refreshTokenTtl(), settings.loginAttemptsPerMinute(), MAX_TRACKED_KEYS,
                ctx.web().proxies())
                .mount(ctx.router(), new BearerAuth(ctx.tokens()));
    }
}
