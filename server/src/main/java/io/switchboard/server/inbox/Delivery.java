package io.switchboard.server.inbox;

/**
 * What makes a user event delivered on one socket, chosen when it connects ({@code ?delivery=}). A client cannot
 * switch later: a client that acks must say so before the first event is written to it, or an event written but
 * never read before a crash would already count as delivered.
 */
public enum Delivery {
    /**
     * The seed's outbox, for clients that never ack: an event is delivered once written to the socket; it is never
     * pushed twice on that socket, and a reconnect replays only what was not written to any socket yet.
     */
    SENT("sent"),
    /**
     * Exactly once for clients that ack: an event is delivered when the client acks it; until then it is pushed
     * again every {@code inbox-redeliver-after} and replayed on reconnect.
     */
    ACK("ack");

    /** The query parameter of {@code /ws/user/<id>} that chooses. */
    public static final String PARAM = "delivery";

    private final String wire;

    Delivery(String wire) {
        this.wire = wire;
    }

    /** The value as written in the query. */
    public String wire() {
        return wire;
    }

    /** The mode a query value names; null for null or a value that names none. */
    static Delivery parse(String raw) {
        if (raw == null) {
            return null;
        }
        for (Delivery d : values()) {
            if (d.wire.equals(raw)) {
                return d;
            }
        }
        return null;
    }
}
