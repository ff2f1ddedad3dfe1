package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.MessageTypes;

/** The server's answer to one request: an {@code ack} or an {@code error} frame. */
public final class Reply {
    private final JsonNode json;

    /** Wraps an {@code ack} or {@code error} frame. */
    public Reply(JsonNode json) {
        this.json = json;
    }

    /** The whole frame as received. */
    public JsonNode json() {
        return json;
    }

    /** Whether the request succeeded. */
    public boolean isAck() {
        return MessageTypes.ACK.equals(json.path("type").asText());
    }

    /** Whether the request was refused. */
    public boolean isError() {
        return MessageTypes.ERROR.equals(json.path("type").asText());
    }

    /** The request id echoed by the server, or null when the frame has none. */
    public JsonNode id() {
        JsonNode id = json.get("id");
        return id == null || id.isNull() ? null : id;
    }

    /** The ack's {@code data}, or null when it carries none. */
    public JsonNode data() {
        return json.get("data");
    }

    /** The error code (such as {@code forbidden}), or null for an ack. */
    public String errorCode() {
        return text("code");
    }

    /** The field the error blames (such as {@code data.channel}), or null when it names none. */
    public String errorField() {
        return text("field");
    }

    /** The error's human-readable message, or null for an ack. */
    public String errorMessage() {
        return text("message");
    }

    /** Whether the error says the same request may succeed later; false for an ack. */
    public boolean errorTemporary() {
        return json.path("error").path("temporary").asBoolean(false);
    }

    /** Returns this reply if it is an ack, else throws an AssertionError that shows the error. */
    public Reply assertAck() {
        if (!isAck()) {
            throw new AssertionError("expected an ack but got " + json);
        }
        return this;
    }

    private String text(String name) {
        JsonNode node = json.path("error").get(name);
        return node == null || node.isNull() ? null : node.asText();
    }

    @Override
    public String toString() {
        return json.toString();
    }
}
