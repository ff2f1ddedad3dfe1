package io.switchboard.server.http;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.server.auth.AuthException;
import io.switchboard.server.auth.TokenService;
import io.switchboard.server.limits.KeyedRateLimiter;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * REST writes per user ({@code rest-write-rate}, {@code rest-write-burst}): a write over the user's budget is
 * answered 429 {@code rate_limited} with {@code Retry-After} (whole seconds) and does nothing.
 *
 * <p>The engine installs it once, on every {@code POST}, {@code PUT}, {@code PATCH} and {@code DELETE} under
 * {@code /api/}, ahead of every app's routes, so no app has to remember it and none can forget it. It does not
 * wait for an app's {@link BearerAuth}: it reads the same {@code Authorization: Bearer} token and verifies it
 * with the same key itself (a few microseconds, again in the route's own check), and counts the write against
 * the token's user. A write without a valid bearer token passes untouched: the route then refuses it (401), or
 * authenticates it otherwise (an API key, a device hash) and is not a per-user write.
 */
public final class WriteRateLimit implements Handler<RoutingContext> {
    /** Users tracked at most; see {@link KeyedRateLimiter} for what eviction means. */
    public static final int MAX_USERS = 100_000;
    private static final Set<HttpMethod> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

    private final TokenService tokens;
    private final KeyedRateLimiter limiter;
    private final Metrics metrics;

    private WriteRateLimit(TokenService tokens, KeyedRateLimiter limiter, Metrics metrics) {
        this.tokens = tokens;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** Installs the limit on every write under {@code /api/}; call it before any app mounts its routes. */
    public static void install(Router router, TokenService tokens, int perSecond, int burst, Metrics metrics) {
        WriteRateLimit limit = new WriteRateLimit(tokens, new KeyedRateLimiter(perSecond, burst, MAX_USERS), metrics);
        router.route("/api/*").handler(limit);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String token = WRITES.contains(ctx.request().method()) ? BearerAuth.token(ctx) : null;
        if (token == null) {
            ctx.next();
            return;
        }
        String userId;
        try {
            userId = tokens.verify(token).userId();
        } catch (AuthException e) {
            ctx.next();
            return;
        }
        long waitNanos = limiter.tryTake(userId, System.nanoTime());
        if (waitNanos == 0) {
            ctx.next();
            return;
        }
        metrics.rateLimited(Metrics.LIMIT_REST_WRITE);
        long retryAfter = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        ctx.response().putHeader("Retry-After", String.valueOf(retryAfter));
        HttpErrors.send(ctx, ErrorCode.RATE_LIMITED, "too many writes: at most " + limiter.burst() + " at once and "
                + limiter.perSecond() + " per second per user; retry after " + retryAfter + " s", null);
    }
}
