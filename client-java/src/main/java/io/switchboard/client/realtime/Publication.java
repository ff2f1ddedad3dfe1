package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One frame of a subscribed channel: a {@code message} (a publication) or an app's event on it (such as
 * {@code like_update}). On a channel with history it carries its {@link #position()}. Immutable.
 */
public final class Publication {
    private final String type;
    private final String channel;
    private final JsonNode data;
    private final StreamPosition position;
    private final JsonNode envelope;

    Publication(String type, String channel, JsonNode data, StreamPosition position, JsonNode envelope) {
        this.type = type;
        this.channel = channel;
        this.data = data;
        this.position = position;
        this.envelope = envelope;
    }

    /** A publication from a {@code message} frame or an app event with {@code channel}. */
    static Publication of(JsonNode frame) {
        StreamPosition position = frame.path("offset").canConvertToLong() && frame.path("epoch").isTextual()
                ? StreamPosition.of(frame.get("epoch").asText(), frame.get("offset").asLong()) : null;
        return new Publication(frame.path("type").asText(), frame.path("channel").asText(), frame.path("data"), position, frame);
    }

    /** The frame's type: {@code message} for a publication, else the app's event type. */
    public String type() {
        return type;
    }

    /** The channel. */
    public String channel() {
        return channel;
    }

    /** What the publisher sent (a missing node when the frame had no {@code data}). */
    public JsonNode data() {
        return data;
    }

    /** The data bound to a class with Jackson. */
    public <T> T dataAs(Class<T> type) {
        return Payloads.as(data, type, "the publication's data");
    }

    /** Its place in the channel's history, or null on a channel without history. */
    public StreamPosition position() {
        return position;
    }

    /** The whole frame as received. */
    public JsonNode envelope() {
        return envelope;
    }

    @Override
    public String toString() {
        return type + " " + channel + (position == null ? "" : " @" + position) + " " + data;
    }
}
