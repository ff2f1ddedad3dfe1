package io.switchboard.server.outbound;

/**
 * How a publication is encoded for a subscriber, as bit flags: a channel's subscribers are grouped by kind, and each
 * kind present is encoded once per publication ({@link PublicationFrames}).
 */
public final class FrameKind {
    /** A text frame of the JSON envelope. */
    public static final int JSON = 0;
    /** A binary frame of the MessagePack envelope. */
    public static final int MSGPACK = 1;
    /** The publication's data as a Fossil delta against the previous one, when the subscriber has it. */
    public static final int DELTA = 2;
    /** Compressed per RFC 7692 without context takeover, RSV1 set (a plain frame when compressing saves nothing). */
    public static final int DEFLATE = 4;
    /** Kinds there can be: every combination of the flags. */
    public static final int COUNT = 8;

    private FrameKind() {
    }
}
