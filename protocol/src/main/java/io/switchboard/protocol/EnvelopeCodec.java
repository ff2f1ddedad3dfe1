package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * Reads envelopes from text (or MessagePack, {@link MsgPack}) and writes the server's standard frames.
 *
 * <p>Decoding is strict about the envelope (an object with a string {@code type}, a scalar {@code id}, and
 * nothing unknown at the top level) and leaves {@code data} for the handler to validate.
 */
public final class EnvelopeCodec {
    private EnvelopeCodec() {
    }

    /** Decodes one frame; throws {@link ProtocolException} naming what is wrong. */
    public static Envelope decode(String text) {
        return decode(Json.parse(text));
    }

    /** Decodes one message already parsed (an element of a JSON array sent over HTTP) with the same rules. */
    public static Envelope decode(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "a message must be a JSON object");
        }
        JsonNode id = node.get("id");
        if (id != null && !(id.isTextual() || id.isIntegralNumber() || id.isNull())) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "id must be a string or an integer", "id");
        }
        if (id != null && id.isTextual() && id.textValue().length() > 128) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "id must be at most 128 characters", "id");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) {
            throw new ProtocolException(ErrorCode.MISSING_FIELD, "type is required", "type");
        }
        if (!type.isTextual() || type.textValue().isEmpty() || type.textValue().length() > 64) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "type must be a non-empty string of at most 64 characters", "type");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!isEnvelopeField(name)) {
                throw new ProtocolException(ErrorCode.UNKNOWN_FIELD, "unknown envelope field: " + truncate(name), truncate(name));
            }
        }
        return new Envelope(type.textValue(), id, node.get("data"), node.get("seq"));
    }

    /**
     * Decodes one binary frame of the MessagePack protocol with the same rules as JSON text; what is not MessagePack,
     * or not a map, is {@link ErrorCode#BAD_MSGPACK}.
     */
    public static Envelope decode(byte[] msgpack) {
        JsonNode node = MsgPack.read(msgpack);
        if (!node.isObject()) {
            throw new ProtocolException(ErrorCode.BAD_MSGPACK, "a message must be a MessagePack map");
        }
        return decode(node);
    }

    /** Recovers the id of a MessagePack frame that failed to decode, so the error can still answer it; null if none. */
    public static JsonNode idOf(byte[] msgpack) {
        try {
            return usableId(MsgPack.read(msgpack));
        } catch (ProtocolException e) {
            return null;
        }
    }

    /** Recovers the id of a frame that failed to decode, so the error can still answer it; null if none. */
    public static JsonNode idOf(String text) {
        try {
            return usableId(Json.mapper().readTree(text));
        } catch (Exception e) {
            return null;
        }
    }

    private static JsonNode usableId(JsonNode node) {
        JsonNode id = node == null ? null : node.get("id");
        boolean usable = id != null && (id.isIntegralNumber() || (id.isTextual() && id.textValue().length() <= 128));
        return usable ? id : null;
    }

    private static boolean isEnvelopeField(String name) {
        // seq names a position in the user's event stream: the client's cumulative {"type":"ack","seq":N}.
        return name.equals("type") || name.equals("id") || name.equals("data") || name.equals("seq");
    }

    private static String truncate(String s) {
        return s.length() > 64 ? s.substring(0, 64) : s;
    }

    /** {@code {"type":"ack","id":id}}. */
    public static ObjectNode ack(JsonNode id) {
        ObjectNode out = Json.object();
        out.put("type", MessageTypes.ACK);
        out.set("id", id);
        return out;
    }

    /** {@code {"type":"error","id":id,"error":{"code","message","field"}}}; id and field may be null. */
    public static ObjectNode error(JsonNode id, ErrorCode code, String message, String field) {
        ObjectNode out = Json.object();
        out.put("type", MessageTypes.ERROR);
        if (id != null) {
            out.set("id", id);
        }
        out.set("error", errorBody(code, message, field));
        return out;
    }

    /** The {@code {"code","message","field"}} object shared by socket errors and HTTP error bodies. */
    public static ObjectNode errorBody(ErrorCode code, String message, String field) {
        return errorBody(code.wire(), message, field, code.temporary());
    }

    /** The error frame of a refusal, with its {@link ProtocolException#wireCode()} (a backend's own code included). */
    public static ObjectNode error(JsonNode id, ProtocolException error) {
        ObjectNode out = Json.object();
        out.put("type", MessageTypes.ERROR);
        if (id != null) {
            out.set("id", id);
        }
        out.set("error", errorBody(error.wireCode(), error.getMessage(), error.field(), error.temporary()));
        return out;
    }

    private static ObjectNode errorBody(String code, String message, String field, boolean temporary) {
        ObjectNode err = Json.object();
        err.put("code", code);
        err.put("message", message);
        if (field != null) {
            err.put("field", field);
        }
        err.put("temporary", temporary);
        return err;
    }

    /** {@code {"type":"message","channel":channel,"data":data}}. */
    public static ObjectNode message(String channel, JsonNode data) {
        ObjectNode out = Json.object();
        out.put("type", MessageTypes.MESSAGE);
        out.put("channel", channel);
        out.set("data", data);
        return out;
    }

    /** {@code {"type":type,"data":data}}. */
    public static ObjectNode push(String type, JsonNode data) {
        ObjectNode out = Json.object();
        out.put("type", type);
        out.set("data", data);
        return out;
    }
}
