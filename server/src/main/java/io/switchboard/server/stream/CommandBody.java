package io.switchboard.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /connection/command}: one envelope (a JSON object) or an array of at most
 * {@link #MAX_MESSAGES}, each at most the gateway's message limit once written as JSON. What is wrong with the body
 * as a whole is an HTTP error here; what is wrong with an envelope (an unknown type, a missing field) is answered on
 * the stream by the session, as a WebSocket frame would be.
 */
final class CommandBody {
    /** Envelopes one request carries at most. */
    static final int MAX_MESSAGES = 100;

    private CommandBody() {
    }

    /**
     * The envelopes as JSON text each, in order; throws {@link ProtocolException} ({@code bad_json},
     * {@code invalid_field} with the index as field, {@code too_large}).
     */
    static List<String> parse(Buffer body, int maxMessageBytes) {
        if (body == null || body.length() == 0) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body must be an envelope or an array of envelopes");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(body.getBytes());
        } catch (Exception e) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body is not valid JSON");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body must be an envelope or an array of envelopes");
        }
        if (root.isObject()) {
            return List.of(text(root, null, maxMessageBytes));
        }
        if (root.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "the array holds no envelope", "[]");
        }
        if (root.size() > MAX_MESSAGES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "at most " + MAX_MESSAGES + " envelopes per request", "[]");
        }
        List<String> out = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            JsonNode message = root.get(i);
            String field = "[" + i + "]";
            if (!message.isObject()) {
                throw new ProtocolException(ErrorCode.INVALID_FIELD, "each element must be an envelope (a JSON object)", field);
            }
            out.add(text(message, field, maxMessageBytes));
        }
        return out;
    }

    private static String text(JsonNode message, String field, int maxMessageBytes) {
        String text = Json.write(message);
        if ((long) text.length() * 3 > maxMessageBytes && text.getBytes(StandardCharsets.UTF_8).length > maxMessageBytes) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "an envelope is larger than " + maxMessageBytes + " bytes", field);
        }
        return text;
    }
}
