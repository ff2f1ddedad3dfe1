package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One event of the user's, from {@code /ws/user/<id>}: a durable one with its sequence number (stored by the server,
 * delivered exactly once to a {@link UserEvents} client), or a transient push without one ({@link #isTransient()},
 * such as the assistant's {@code message_chunk}). Immutable.
 */
public final class UserEvent {
    private final String type;
    private final long seq;
    private final JsonNode data;
    private final JsonNode envelope;

    UserEvent(String type, long seq, JsonNode data, JsonNode envelope) {
        this.type = type;
        this.seq = seq;
        this.data = data;
        this.envelope = envelope;
    }

    /** The event's type, chosen by the app that emitted it (such as {@code notification}). */
    public String type() {
        return type;
    }

    /** The user's sequence number, 1, 2, 3… with no gap; -1 for a transient push. Save it to resume from it later. */
    public long seq() {
        return seq;
    }

    /** Whether this is a transient push (no sequence number: never stored, never replayed, not acked). */
    public boolean isTransient() {
        return seq < 0;
    }

    /** The payload the app emitted. */
    public JsonNode data() {
        return data;
    }

    /** The payload bound to a class with Jackson. */
    public <T> T dataAs(Class<T> type) {
        return Payloads.as(data, type, "the event's data");
    }

    /** The whole frame as received. */
    public JsonNode envelope() {
        return envelope;
    }

    @Override
    public String toString() {
        return type + (seq < 0 ? "" : " #" + seq) + " " + data;
    }
}
