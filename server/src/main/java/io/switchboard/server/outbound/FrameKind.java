package io.switchboard.server.outbound;

/**
 * How a socket wants a channel's publications encoded: bit flags, so a fan-out groups its subscribers by kind and
 * encodes each kind present at most once per publication ({@link PublicationFrames}). At most {@link #COUNT} kinds.
 */
public final class FrameKind {
    /** A text frame of the JSON envelope: the bytes every socket got before frame kinds existed. */
    public static final int JSON = 0;
    /** A binary frame of the same envelope in MessagePack (sub-protocol {@code switchboard.msgpack}). */
    public static final int MSGPACK = 1;
    /** The publication's {@code data} as a Fossil delta against the previous one, when the subscriber has that. */
    public static final int DELTA = 2;
    /** The frame compressed per RFC 7692 without context takeover (RSV1 set). */
    public static final int DEFLATE = 4;
    /** How many kinds there can be: every combination of the flags above. */
    public static final int COUNT = 8;

    private FrameKind() {
    }

    /** Whether {@code kind} is a binary (MessagePack) frame. */
    public static boolean binary(int kind) {
        return (kind & MSGPACK) != 0;
    }
}
