package io.switchboard.server.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.http.JsonBodies;
import io.switchboard.server.metrics.Metrics;
import io.switchboard.server.serverapi.ServerApiRoutes;
import io.switchboard.server.transport.TrustedProxies;
import io.switchboard.server.validation.JsonFields;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin console: its pages under {@code /admin/} (static ES modules, a strict Content-Security-Policy), and
 * {@code POST /admin/api/login} ({@code {password}} → {@code {token, expires_in}}), then, with
 * {@code Authorization: Bearer <token>}, {@code POST /admin/api/<method>} for the server API methods the console
 * uses (same parameters and answers as {@code POST /api/<method>}) and {@code GET /admin/api/stats} for its charts.
 * Nothing is mounted unless the console is enabled, so every admin path then answers 404.
 */
public final class AdminRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    /** The server API methods the console calls: reads, and the two actions it offers. */
    static final List<String> METHODS = List.of("info", "channels", "presence", "presence_stats", "user_connections",
            "disconnect", "publish");
    /** The page's policy: its own scripts, styles and API only; no inline code, no frames, no forms sent elsewhere. */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Largest request body: a publish box's message. */
    private static final int MAX_BODY = 1024 * 1024;
    private static final int MAX_PASSWORD = 1024;

    private final AdminCredential credential;
    private final ServerApiRoutes api;
    private final AdminStats stats;
    private final TrustedProxies proxies;
    private final LoginThrottle throttle = new LoginThrottle(5, 60, 10_000);

    private AdminRoutes(AdminCredential credential, ServerApiRoutes api, AdminStats stats, TrustedProxies proxies) {
        this.credential = credential;
        this.api = api;
        this.stats = stats;
        this.proxies = proxies;
    }

    /**
     * Mounts the console if {@code settings} enable it; reads or creates the generated password (blocking: at start).
     * Every node answers the console's stats question, so that a console on any node charts them all.
     */
    public static void mount(Router router, AdminSettings settings, Path dataDir, ServerApiRoutes api,
                             NodeControl control, Metrics metrics, TrustedProxies proxies) {
        AdminStats stats = AdminStats.install(control, metrics);
        if (!settings.enabled()) {
            return;
        }
        AdminRoutes routes = new AdminRoutes(AdminCredential.of(settings, dataDir), api, stats, proxies);
        router.route("/admin/*").handler(AdminRoutes::securityHeaders);
        router.get("/admin").handler(ctx -> {
            // Vert.x also matches "/admin/" here; only the bare path is sent on to the page's directory.
            if (ctx.request().path().equals("/admin")) {
                ctx.redirect("/admin/");
            } else {
                ctx.next();
            }
        });
        router.route("/admin/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        router.post("/admin/api/login").handler(routes::login);
        router.get("/admin/api/stats").handler(ctx -> {
            routes.requireSession(ctx);
            routes.stats.now().onComplete(ar -> {
                if (ar.succeeded()) {
                    JsonBodies.send(ctx, 200, ar.result());
                } else {
                    ctx.fail(ar.cause());
                }
            });
        });
        for (String method : METHODS) {
            router.post("/admin/api/" + method).handler(ctx -> routes.call(ctx, method));
        }
        router.post("/admin/api/:method").handler(ctx -> {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "the admin console has no method '"
                    + shown(ctx.pathParam("method")) + "'; it has login, " + String.join(", ", METHODS) + " and GET stats");
        });
        router.get("/admin/*").handler(StaticHandler.create("web/admin").setCachingEnabled(false));
        LOG.info("admin console at /admin/ ({})", settings.password() != null ? "password from admin-password"
                : "password in " + dataDir.resolve(AdminCredential.FILE_NAME));
    }

    private static String shown(String name) {
        return name.length() > 64 ? name.substring(0, 64) + "…" : name;
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private void login(RoutingContext ctx) {
        String address = proxies.clientAddress(ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("X-Forwarded-For"));
        if (!throttle.tryTake(address, System.nanoTime())) {
            ctx.response().putHeader("Retry-After", String.valueOf(throttle.retryAfterSeconds()));
            throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many sign-in attempts; retry in "
                    + throttle.retryAfterSeconds() + " s");
        }
        JsonFields body = JsonBodies.fields(ctx, "password");
        String password = body.text("password", 1, MAX_PASSWORD);
        if (!credential.matches(password)) {
            LOG.warn("admin console: refused a sign-in from {} (wrong password)", address);
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the admin password is not valid", "password");
        }
        LOG.info("admin console: signed in from {}", address);
        ObjectNode out = Json.object().put("token", credential.issue(System.currentTimeMillis()))
                .put("expires_in", AdminCredential.SESSION.toSeconds());
        JsonBodies.send(ctx, 200, out);
    }

    private void call(RoutingContext ctx, String method) {
        requireSession(ctx);
        api.answer(ctx, method);
    }

    private void requireSession(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"switchboard-admin\"");
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "sign in to the admin console first "
                    + "(POST /admin/api/login, then Authorization: Bearer <token>)");
        }
        if (!credential.accepts(auth.substring(7).trim(), System.currentTimeMillis())) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"switchboard-admin\", error=\"invalid_token\"");
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the admin session is not valid or has expired; sign in again");
        }
    }
}
