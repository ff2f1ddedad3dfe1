package io.switchboard.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.eventloop.RequestLoop;
import io.switchboard.server.validation.JsonFields;
import io.vertx.ext.web.RoutingContext;

/** Reads and writes JSON request and response bodies with the server's rules and errors. */
public final class JsonBodies {
    private JsonBodies() {
    }

    /** The request body as a JSON object: 415 unless {@code application/json}, 400 unless an object. */
    public static ObjectNode object(RoutingContext ctx) {
        JsonNode node = json(ctx);
        if (!node.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "request body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** The request body's fields: an object ({@link #object}) with only the {@code allowed} names. */
    public static JsonFields fields(RoutingContext ctx, String... allowed) {
        return JsonFields.body(object(ctx), allowed);
    }

    /** The request body as any JSON value (an object or an array): 415 unless {@code application/json}, 400 unless JSON. */
    public static JsonNode json(RoutingContext ctx) {
        // Parsed from its bytes: JSON is UTF-8, and decoding the body to text first cost as much as parsing it.
        return Json.parse(bytes(ctx));
    }

    /**
     * The request body's bytes, for a route that reads the JSON itself: 415 unless {@code application/json}, 400 when
     * empty. A copy the caller may keep.
     */
    public static byte[] bytes(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase().startsWith("application/json")) {
            throw new ProtocolException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "content type must be application/json");
        }
        byte[] bytes = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().getBytes();
        if (bytes == null || blank(bytes)) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "request body is empty; send a JSON object");
        }
        return bytes;
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Ends the response with a status and a JSON body. */
    public static void send(RoutingContext ctx, int status, JsonNode body) {
        RequestLoop.run(ctx.request(), () -> ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .end(Json.write(body)));
    }
}
