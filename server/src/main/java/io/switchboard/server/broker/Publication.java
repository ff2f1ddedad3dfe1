package io.switchboard.server.broker;

import io.switchboard.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * One message on its way to a channel's subscribers: {@code {"type", "channel", "offset", "epoch", "data"}},
 * encoded once for every subscriber. {@code offset} and {@code epoch} are present only on a channel that keeps
 * history, where the broker assigns them as it publishes ({@link #at}); elsewhere the frame has neither.
 * Immutable and thread-safe.
 */
public final class Publication {
    private final String channel;
    private final String type;
    private final byte[] data;
    private final long offset;
    private final String epoch;
    private final boolean ephemeral;
    private volatile byte[] frame;

    /**
     * A publication.
     *
     * @param channel the channel name, {@code namespace:name}
     * @param type    the frame's {@code type}: {@code message}, or an app event's type
     * @param data    the {@code data} value, already encoded as UTF-8 JSON
     * @param offset  its place in the channel's history, or 0 when the channel keeps none
     * @param epoch   the history's epoch, or null when the channel keeps none
     */
    public Publication(String channel, String type, byte[] data, long offset, String epoch) {
        this(channel, type, data, offset, epoch, false);
    }

    private Publication(String channel, String type, byte[] data, long offset, String epoch, boolean ephemeral) {
        this.channel = channel;
        this.type = type;
        this.data = data;
        this.offset = offset;
        this.epoch = epoch;
        this.ephemeral = ephemeral;
    }

    /**
     * A publication that no history keeps, even on a channel with one (a {@code join} or {@code leave}): it reaches the
     * subscribers of the moment, without {@code offset} or {@code epoch}, and is never recovered.
     */
    public static Publication ephemeral(String channel, String type, byte[] data) {
        return new Publication(channel, type, data, 0, null, true);
    }

    /** Whether no history keeps it ({@link #ephemeral}). */
    public boolean isEphemeral() {
        return ephemeral;
    }

    /** A publication without a place in history. */
    public static Publication of(String channel, String type, byte[] data) {
        return new Publication(channel, type, data, 0, null);
    }

    /** The same publication at {@code offset} of the history with {@code epoch}. */
    public Publication at(long offset, String epoch) {
        return new Publication(channel, type, data, offset, epoch);
    }

    /** The channel name. */
    public String channel() {
        return channel;
    }

    /** The frame's type. */
    public String type() {
        return type;
    }

    /** The encoded {@code data} (shared; do not modify). */
    public byte[] data() {
        return data;
    }

    /** The offset in the channel's history; 0 when it has no place in one. */
    public long offset() {
        return offset;
    }

    /** The history's epoch, or null. */
    public String epoch() {
        return epoch;
    }

    /** The complete UTF-8 frame every subscriber receives, built once (shared; do not modify). */
    public byte[] frame() {
        byte[] f = frame;
        if (f == null) {
            f = encode();
            frame = f;
        }
        return f;
    }

    /**
     * The frame of this publication with {@code data} replaced by a Fossil delta against the channel's previous
     * publication: {@code "delta":true} and {@code data} the delta as a JSON string (docs/PROTOCOL.md, "Delta
     * compression"). {@code delta} must be valid UTF-8, as {@code FossilDelta.create} makes it from JSON.
     */
    public byte[] deltaFrame(byte[] delta) {
        byte[] quoted = Json.write(Json.mapper().getNodeFactory().textNode(new String(delta, StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
        return encode(",\"delta\":true", quoted);
    }

    private byte[] encode() {
        return encode("", data);
    }

    private byte[] encode(String beforeData, byte[] value) {
        StringBuilder head = new StringBuilder(64 + channel.length());
        head.append("{\"type\":").append(Json.write(Json.mapper().getNodeFactory().textNode(type)))
                .append(",\"channel\":").append(Json.write(Json.mapper().getNodeFactory().textNode(channel)));
        if (epoch != null) {
            head.append(",\"offset\":").append(offset)
                    .append(",\"epoch\":").append(Json.write(Json.mapper().getNodeFactory().textNode(epoch)));
        }
        head.append(beforeData).append(",\"data\":");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(h.length + value.length + 1);
        out.writeBytes(h);
        out.writeBytes(value);
        out.write('}');
        return out.toByteArray();
    }

    @Override
    public String toString() {
        return "Publication{" + channel + ", " + type + (epoch == null ? "" : ", " + epoch + "/" + offset) + "}";
    }
}
