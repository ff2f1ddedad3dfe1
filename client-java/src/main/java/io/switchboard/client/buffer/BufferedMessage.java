package io.switchboard.client.buffer;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One message waiting in a {@link MessageBuffer} for the server's ack: its place in the buffer, its client id,
 * its type and the envelope exactly as it goes on the wire. Immutable.
 */
public final class BufferedMessage {
    private final long seq;
    private final String id;
    private final String type;
    private final String envelope;
    private final long createdAtMillis;
    private final int bytes;

    /**
     * A message.
     *
     * @param seq             its position in the buffer, increasing in the order messages were appended
     * @param id              the client id the server echoes in its ack (a UUID)
     * @param type            the message type, such as {@code location}
     * @param envelope        the whole envelope as JSON text, {@code {"type":…,"id":…,"data":…}}
     * @param createdAtMillis when the app sent it, epoch milliseconds
     */
    public BufferedMessage(long seq, String id, String type, String envelope, long createdAtMillis) {
        this.seq = seq;
        this.id = Objects.requireNonNull(id, "id");
        this.type = Objects.requireNonNull(type, "type");
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.createdAtMillis = createdAtMillis;
        this.bytes = envelope.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The position in the buffer; a later message has a larger one. */
    public long seq() {
        return seq;
    }

    /** The client id (the envelope's {@code id}). */
    public String id() {
        return id;
    }

    /** The message type. */
    public String type() {
        return type;
    }

    /** The envelope as JSON text, sent unchanged on every attempt. */
    public String envelope() {
        return envelope;
    }

    /** When the app sent it, epoch milliseconds. */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    /** The envelope's size in UTF-8 bytes: what counts against the buffer's byte bound. */
    public int bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "BufferedMessage{seq=" + seq + ", id=" + id + ", type=" + type + ", bytes=" + bytes + "}";
    }
}
