package io.switchboard.client.realtime;

/**
 * Where a {@link SwitchboardChannels} or {@link UserEvents} connection stands. The close codes of docs/PROTOCOL.md
 * decide the moves: 4001–4003 end in {@link #AUTH_FAILED}, 1000 and the rest of 4000–4099 in {@link #CLOSED}, 4200–4299
 * reconnect at once, anything else reconnects with backoff until the attempts run out ({@link #FAILED}).
 */
public enum RealtimeState {
    /** Built, {@code connect()} not called yet. */
    IDLE,
    /** Opening the first socket (or the first after {@code connect()}); requests wait. */
    CONNECTING,
    /** The session is established ({@code connection_established} arrived): requests go out, subscriptions are live. */
    CONNECTED,
    /** The socket was lost; the next attempt is scheduled (requests wait, subscriptions are renewed on success). */
    RECONNECTING,
    /** Closed by the app ({@code disconnect()}, {@code close()}) or by a close code that says not to come back. */
    CLOSED,
    /** The server refused the credentials (close 4001, 4002 or 4003), or the token supplier gave none: not retried. */
    AUTH_FAILED,
    /** The reconnection attempts ran out; {@code reconnectNow()} or {@code connect()} starts again. */
    FAILED
}
