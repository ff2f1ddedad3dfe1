package io.switchboard.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.Objects;

/**
 * One message on the wire: {@code {"type": "...", "id": optional, "data": {...}}}, and {@code seq} where a
 * message names a position in the user's event stream (the client's {@code {"type":"ack","seq":N}}).
 *
 * <p>The {@code id} is whatever JSON scalar the client chose (string or number); the server echoes it
 * unchanged in the {@code ack} or {@code error} that answers the envelope.
 */
public final class Envelope {
    private final String type;
    private final JsonNode id;
    private final JsonNode data;
    private final JsonNode seq;

    /** An envelope; {@code id} and {@code data} may be null. */
    public Envelope(String type, JsonNode id, JsonNode data) {
        this(type, id, data, null);
    }

    /** An envelope with a top-level {@code seq}; {@code id}, {@code data} and {@code seq} may be null. */
    public Envelope(String type, JsonNode id, JsonNode data, JsonNode seq) {
        this.type = Objects.requireNonNull(type, "type");
        this.id = id;
        this.data = data == null ? NullNode.getInstance() : data;
        this.seq = seq;
    }

    /** The message type. */
    public String type() {
        return type;
    }

    /** The client's request id, or null when the client wants no answer. */
    public JsonNode id() {
        return id;
    }

    /** Whether the client asked for an answer. */
    public boolean hasId() {
        return id != null && !id.isNull();
    }

    /** The payload; {@link NullNode} when absent. */
    public JsonNode data() {
        return data;
    }

    /** The top-level {@code seq} as sent (any JSON value, unvalidated), or null when absent. */
    public JsonNode seq() {
        return seq;
    }

    @Override
    public String toString() {
        return "Envelope{type=" + type + ", id=" + id + "}";
    }
}
