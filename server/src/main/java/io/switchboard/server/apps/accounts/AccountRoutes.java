package io.switchboard.server.apps.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.apps.users.UserUpdates;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.Principal;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.http.BearerAuth;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.switchboard.server.transport.TrustedProxies;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/auth/register}, {@code POST /api/auth/login}, {@code POST /api/auth/refresh} and
 * {@code GET /api/me}. Passwords and hashes appear in no response, log line or error message.
 */
final class AccountRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AccountRoutes.class);
    private static final String BAD_LOGIN = "wrong username or password";
    private static final int MAX_TOKEN_CHARS = 8192;

    private final AccountStore store;
    private final PasswordJobs passwords;
    private final TokenService tokens;
    private final UserUpdates users;
    private final Duration accessTtl;
    private final Duration refreshTtl;
    private final AttemptLimiter loginsByAddress;
    private final AttemptLimiter loginsByUsernameAndAddress;
    private final UsernameBackoff loginBackoff;
    private final AttemptLimiter registrationsByAddress;
    private final TrustedProxies proxies;

    AccountRoutes(AccountStore store, PasswordJobs passwords, TokenService tokens, UserUpdates users,
                  Duration accessTtl, Duration refreshTtl, int attemptsPerMinute, int maxTrackedKeys, TrustedProxies proxies) {
        this.proxies = proxies;
        this.store = store;
        this.passwords = passwords;
        this.tokens = tokens;
        this.users = users;
        this.accessTtl = accessTtl;
        this.refreshTtl = refreshTtl;
        this.loginsByAddress = new AttemptLimiter(attemptsPerMinute, maxTrackedKeys);
        this.loginsByUsernameAndAddress = new AttemptLimiter(attemptsPerMinute, maxTrackedKeys);
        // The first wait is one attempt's refill time (60 s / limit); it doubles per failure, up to a quarter hour.
        this.loginBackoff = new UsernameBackoff(attemptsPerMinute, TimeUnit.SECONDS.toNanos(loginsByAddress.retryAfterSeconds()),
                TimeUnit.MINUTES.toNanos(15), maxTrackedKeys);
        this.registrationsByAddress = new AttemptLimiter(attemptsPerMinute, maxTrackedKeys);
    }

    void mount(Router router, BearerAuth auth) {
        post(router, "/api/auth/register", this::register);
        post(router, "/api/auth/login", this::login);
        post(router, "/api/auth/refresh", this::refresh);
        for (String path : new String[] {"/api/me", "/api/me/"}) {
            router.route(path).handler(auth);
            router.get(path).handler(this::me);
        }
    }

    private static void post(Router router, String path, Handler<RoutingContext> handler) {
        router.post(path).handler(handler);
        router.post(path + "/").handler(handler);
    }

    private void register(RoutingContext ctx) {
        JsonFields body = JsonBodies.fields(ctx, "username", "password", "first_name", "last_name");
        String username = AccountFields.username(body);
        String password = AccountFields.password(body, AccountFields.PASSWORD_MIN);
        String firstName = AccountFields.name(body, "first_name", username);
        String lastName = AccountFields.name(body, "last_name", "");
        String address = clientAddress(ctx);
        throttle(ctx, registrationsByAddress, address);
        passwords.hash(password)
                .compose(hash -> store.create(username, hash, firstName, lastName))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        ctx.fail(ar.cause());
                        return;
                    }
                    Account account = ar.result();
                    loginBackoff.succeeded(username, address);
                    announce(account);
                    sendTokens(ctx, 201, account);
                });
    }

    private void login(RoutingContext ctx) {
        JsonFields body = JsonBodies.fields(ctx, "username", "password");
        String username = AccountFields.username(body);
        String password = AccountFields.password(body, 1);
        String address = clientAddress(ctx);
        throttle(ctx, loginsByAddress, address);
        throttle(ctx, loginsByUsernameAndAddress, username + "\n" + address);
        long wait = loginBackoff.waitSeconds(username, address, System.nanoTime());
        if (wait > 0) {
            ctx.response().putHeader("Retry-After", String.valueOf(wait));
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many failed logins for this username; retry in "
                    + wait + " s, or from an address you signed in from before");
        }
        // Counted as failed until the password is found right: parallel guesses cannot all slip in before the first fails.
        loginBackoff.failed(username, System.nanoTime());
        store.findLogin(username).compose(found -> {
            String stored = found == null ? null : found.passwordHash();
            return passwords.verify(password, stored).map(ok -> ok ? found : null);
        }).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result() == null) {
                ctx.fail(new ProtocolException(ErrorCode.UNAUTHORIZED, BAD_LOGIN));
            } else {
                AccountStore.Login found = ar.result();
                loginBackoff.succeeded(username, address);
                upgradeHash(found, password);
                sendTokens(ctx, 200, found.account());
            }
        });
    }

    private void refresh(RoutingContext ctx) {
        String token = JsonBodies.fields(ctx, "refresh_token").text("refresh_token", 1, MAX_TOKEN_CHARS);
        Principal principal;
        try {
            principal = tokens.verifyRefresh(token);
        } catch (AuthException e) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, e.getMessage(), "refresh_token");
        }
        long id = accountId(principal.userId());
        if (id <= 0) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the token names no account", "refresh_token");
        }
        store.get(id).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result() == null || ar.result().username() == null) {
                // Deleted (through the users API) since the token was issued: its tokens buy nothing more.
                ctx.fail(new ProtocolException(ErrorCode.UNAUTHORIZED, "the account no longer exists", "refresh_token"));
            } else {
                sendTokens(ctx, 200, ar.result());
            }
        });
    }

    private void me(RoutingContext ctx) {
        String subject = BearerAuth.principal(ctx).userId();
        long id = accountId(subject);
        Future<Account> account = id > 0 ? store.get(id) : Future.succeededFuture(null);
        account.onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result() == null) {
                ctx.fail(new ProtocolException(ErrorCode.NOT_FOUND, "no user has the id " + shown(subject)
                        + " that the token names"));
            } else {
                JsonBodies.send(ctx, 200, ar.result().toJson());
            }
        });
    }

    private void sendTokens(RoutingContext ctx, int status, Account account) {
        String subject = String.valueOf(account.id());
        ObjectNode body = Json.object();
        body.set("user", account.toJson());
        body.put("access_token", tokens.issue(subject, accessTtl));
        body.put("refresh_token", tokens.issueRefresh(subject, refreshTtl));
        body.put("token_type", "Bearer");
        body.put("expires_in", accessTtl.toSeconds());
        body.put("refresh_expires_in", refreshTtl.toSeconds());
        // RFC 6749 §5.1: a response carrying tokens must not be cached.
        ctx.response().putHeader("Cache-Control", "no-store").putHeader("Pragma", "no-cache");
        JsonBodies.send(ctx, status, body);
    }

    /** A new account is a new user of the live-sync app: its windows see it as they see one made through its API. */
    private void announce(Account account) {
        users.broadcast("create", account.user());
    }

    /** Rewrites a hash made with another iteration count, now that the password is at hand; best effort. */
    private void upgradeHash(AccountStore.Login found, String password) {
        if (!passwords.needsRehash(found.passwordHash())) {
            return;
        }
        passwords.hash(password)
                .compose(hash -> store.replaceHash(found.account().id(), found.passwordHash(), hash))
                .onFailure(e -> LOG.debug("password hash of user {} not upgraded: {}", found.account().id(), e.getMessage()));
    }

    private static void throttle(RoutingContext ctx, AttemptLimiter limiter, String key) {
        if (!limiter.tryTake(key, System.nanoTime())) {
            ctx.response().putHeader("Retry-After", String.valueOf(limiter.retryAfterSeconds()));
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many attempts; retry in "
                    + limiter.retryAfterSeconds() + " s");
        }
    }

    // Behind a load balancer the peer is the balancer: without its X-Forwarded-For every client would share one budget.
    private String clientAddress(RoutingContext ctx) {
        SocketAddress remote = ctx.request().remoteAddress();
        if (remote == null || remote.host() == null) {
            return "unknown";
        }
        return proxies.clientAddress(remote.hostAddress() != null ? remote.hostAddress() : remote.host(),
                ctx.request().getHeader("X-Forwarded-For"));
    }

    /** The account id a token subject names, or -1 when it is not a positive whole number. */
    private static long accountId(String subject) {
        if (subject == null || subject.isEmpty() || subject.length() > 18) {
            return -1;
        }
        for (int i = 0; i < subject.length(); i++) {
            if (subject.charAt(i) < '0' || subject.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(subject);
    }

    private static String shown(String subject) {
        return subject.length() > 32 ? subject.substring(0, 32) + "…" : subject;
    }
}
