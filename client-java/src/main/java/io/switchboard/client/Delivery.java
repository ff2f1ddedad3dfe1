package io.switchboard.client;

/** What happened to one message: which it was, how it went, and how long it took. Immutable. */
public final class Delivery {
    private final String id;
    private final String type;
    private final Transport transport;
    private final long sendToAnswerNanos;
    private final long createdAtMillis;

    /** A delivery outcome. */
    public Delivery(String id, String type, Transport transport, long sendToAnswerNanos, long createdAtMillis) {
        this.id = id;
        this.type = type;
        this.transport = transport;
        this.sendToAnswerNanos = sendToAnswerNanos;
        this.createdAtMillis = createdAtMillis;
    }

    /** The client id returned by the {@code send…} call. */
    public String id() {
        return id;
    }

    /** The message type. */
    public String type() {
        return type;
    }

    /** The transport that carried the attempt the server answered. */
    public Transport transport() {
        return transport;
    }

    /** From the last send to the answer, in nanoseconds: the network and commit latency. */
    public long sendToAnswerNanos() {
        return sendToAnswerNanos;
    }

    /** When the app sent it, epoch milliseconds (survives restarts, so it measures time spent buffered too). */
    public long createdAtMillis() {
        return createdAtMillis;
    }

    @Override
    public String toString() {
        return type + " " + id + " via " + transport + " in " + (sendToAnswerNanos / 1_000) / 1000.0 + " ms";
    }
}
