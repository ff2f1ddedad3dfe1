package io.switchboard.server.http;

import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.eventloop.RequestLoop;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become HTTP responses: {@code {"error":{"code","message","field"}}} with the
 * status of the {@link ErrorCode}. Handlers throw {@link ProtocolException} (or fail the context with it).
 */
public final class HttpErrors {
    private static final Logger LOG = LoggerFactory.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** Installs the JSON failure handler and the 404, 405 and 413 answers on a router. */
    public static void install(Router router) {
        router.route().failureHandler(HttpErrors::handleFailure);
        router.errorHandler(404, HttpErrors::notFound);
        router.errorHandler(405, ctx -> send(ctx, ErrorCode.METHOD_NOT_ALLOWED,
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
        router.errorHandler(413, ctx -> send(ctx, ErrorCode.TOO_LARGE, "request body is too large", null));
        router.errorHandler(500, ctx -> handleFailure(ctx));
    }

    /** The router's answer to a path no route serves. */
    public static void notFound(RoutingContext ctx) {
        send(ctx, ErrorCode.NOT_FOUND, "no such path: " + ctx.request().path(), null);
    }

    private static void handleFailure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ProtocolException pe) {
            send(ctx, pe.code(), pe.getMessage(), pe.field());
            return;
        }
        int status = ctx.statusCode();
        if (failure instanceof HttpException he) {
            status = he.getStatusCode();
        }
        switch (status) {
            case 400 -> send(ctx, ErrorCode.BAD_JSON, "bad request", null);
            case 401 -> send(ctx, ErrorCode.UNAUTHORIZED, "credentials are required", null);
            case 403 -> send(ctx, ErrorCode.FORBIDDEN, "forbidden", null);
            case 404 -> send(ctx, ErrorCode.NOT_FOUND, "not found", null);
            case 405 -> send(ctx, ErrorCode.METHOD_NOT_ALLOWED, "method not allowed", null);
            case 413 -> send(ctx, ErrorCode.TOO_LARGE, "request body is too large", null);
            case 415 -> send(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content type must be application/json", null);
            default -> {
                LOG.error("request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
                send(ctx, ErrorCode.INTERNAL, "internal error", null);
            }
        }
    }

    /** Ends the response with an error body. */
    public static void send(RoutingContext ctx, ErrorCode code, String message, String field) {
        RequestLoop.run(ctx.request(), () -> {
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.headWritten()) {
                return;
            }
            response.setStatusCode(code.httpStatus())
                    .putHeader("Content-Type", "application/json")
                    .end(Json.write(Json.object().set("error", EnvelopeCodec.errorBody(code, message, field))));
        });
    }
}
