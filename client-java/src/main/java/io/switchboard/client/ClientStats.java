package io.switchboard.client;

/**
 * A snapshot of a client's counters since it was built. "Sent" counts attempts (a message resent after a
 * reconnect counts again, and also in {@link #resent()}); "acked" counts messages. Immutable.
 */
public final class ClientStats {
    private final long sentWebSocket;
    private final long sentHttp;
    private final long acked;
    private final long rejected;
    private final long resent;
    private final long reconnects;
    private final long fallbackMillis;
    private final long offlineMillis;
    private final long dropped;
    private final int buffered;
    private final int recovered;

    ClientStats(long sentWebSocket, long sentHttp, long acked, long rejected, long resent, long reconnects,
                long fallbackMillis, long offlineMillis, long dropped, int buffered, int recovered) {
        this.sentWebSocket = sentWebSocket;
        this.sentHttp = sentHttp;
        this.acked = acked;
        this.rejected = rejected;
        this.resent = resent;
        this.reconnects = reconnects;
        this.fallbackMillis = fallbackMillis;
        this.offlineMillis = offlineMillis;
        this.dropped = dropped;
        this.buffered = buffered;
        this.recovered = recovered;
    }

    /** Message sends over the WebSocket, resends included. */
    public long sentWebSocket() {
        return sentWebSocket;
    }

    /** Message sends over HTTP (each message of a batch counts), resends included. */
    public long sentHttp() {
        return sentHttp;
    }

    /** Messages the server acked. */
    public long acked() {
        return acked;
    }

    /** Messages the server refused for good. */
    public long rejected() {
        return rejected;
    }

    /** Sends of a message that had been sent before (after a reconnect, a transport switch or a temporary error). */
    public long resent() {
        return resent;
    }

    /** WebSocket sessions established after the first one. */
    public long reconnects() {
        return reconnects;
    }

    /** Time spent in {@link ConnectionState#SENDING_HTTP}, in milliseconds. */
    public long fallbackMillis() {
        return fallbackMillis;
    }

    /** Time spent in {@link ConnectionState#OFFLINE}, in milliseconds. */
    public long offlineMillis() {
        return offlineMillis;
    }

    /** Messages the buffer lost to its overflow policy. */
    public long dropped() {
        return dropped;
    }

    /** Messages in the buffer now (not yet acked). */
    public int buffered() {
        return buffered;
    }

    /** Messages found in the buffer when the client was built (left by an earlier run). */
    public int recovered() {
        return recovered;
    }

    @Override
    public String toString() {
        return "sent websocket=" + sentWebSocket + " http=" + sentHttp + ", acked=" + acked + ", rejected=" + rejected
                + ", resent=" + resent + ", reconnects=" + reconnects + ", fallback=" + fallbackMillis + "ms, offline="
                + offlineMillis + "ms, dropped=" + dropped + ", buffered=" + buffered + ", recovered=" + recovered;
    }
}
