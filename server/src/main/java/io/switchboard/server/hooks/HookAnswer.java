package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * What a backend answered a hook: exactly one of {@code {"result": {...}}} (allow, maybe changing the data),
 * {@code {"error": {"code", "message", "temporary"?}}} (refuse with the backend's own code) or
 * {@code {"disconnect": {"code": 4000-4999, "reason"}}} (end the connection). Anything else is garbage: see
 * {@link #parse}.
 *
 * @param result     the result object, or null
 * @param refusal    the refusal, or null
 * @param disconnect the disconnect, or null
 */
public record HookAnswer(ObjectNode result, HookRefusal refusal, HookDisconnect disconnect) {
    private static final Pattern TEXT_CODE = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
    private static final int MAX_MESSAGE = 512;

    /**
     * Reads an answer body; throws {@link HookUnavailable} for anything that is not one of the three shapes (not
     * JSON, an unknown or missing top-level key, a code out of its range), so that a broken backend is a temporary
     * error, never a silent allow.
     */
    static HookAnswer parse(HookKind kind, byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (Exception e) {
            throw HookUnavailable.garbage(kind, "not JSON");
        }
        if (root == null || !root.isObject() || root.size() != 1) {
            throw HookUnavailable.garbage(kind, "not an object with one of result, error or disconnect");
        }
        if (root.get("result") instanceof ObjectNode result) {
            return new HookAnswer(result, null, null);
        }
        if (root.get("error") instanceof ObjectNode error) {
            return new HookAnswer(null, refusal(kind, error), null);
        }
        if (root.get("disconnect") instanceof ObjectNode disconnect) {
            return new HookAnswer(null, null, disconnect(kind, disconnect));
        }
        throw HookUnavailable.garbage(kind, "no result, error or disconnect object");
    }

    private static HookRefusal refusal(HookKind kind, ObjectNode error) {
        JsonNode code = error.path("code");
        String wire;
        if (code.isIntegralNumber() && code.asLong() >= 400 && code.asLong() <= 1999) {
            // The protocol's codes are strings: a number keeps its digits.
            wire = Long.toString(code.asLong());
        } else if (code.isTextual() && TEXT_CODE.matcher(code.textValue()).matches()) {
            wire = code.textValue();
        } else {
            throw HookUnavailable.garbage(kind, "error.code is not a number from 400 to 1999 nor a lower-case name");
        }
        String message = error.path("message").isTextual() ? cut(error.path("message").textValue(), MAX_MESSAGE)
                : "refused by the backend";
        return new HookRefusal(wire, message, error.path("temporary").asBoolean(false));
    }

    private static HookDisconnect disconnect(HookKind kind, ObjectNode disconnect) {
        JsonNode code = disconnect.path("code");
        if (!code.isIntegralNumber() || code.asInt() < 4000 || code.asInt() > 4999) {
            throw HookUnavailable.garbage(kind, "disconnect.code is not a number from 4000 to 4999");
        }
        String reason = disconnect.path("reason").isTextual() ? disconnect.path("reason").textValue() : "disconnected by the backend";
        return new HookDisconnect(code.asInt(), closeReason(reason));
    }

    /** {@code reason} cut to the 123 bytes of UTF-8 a close frame allows (RFC 6455 §5.5). */
    static String closeReason(String reason) {
        String out = reason;
        while (out.getBytes(StandardCharsets.UTF_8).length > 123) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    private static String cut(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }
}
