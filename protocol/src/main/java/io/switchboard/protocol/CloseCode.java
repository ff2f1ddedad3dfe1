package io.switchboard.protocol;

/**
 * WebSocket close codes: each ends the connection, and its range tells the client what to do next.
 *
 * <ul>
 *   <li>4000–4099: do not reconnect until something changes (credentials, permissions, the resource).</li>
 *   <li>4100–4199: reconnect with backoff.</li>
 *   <li>4200–4299: reconnect at once.</li>
 *   <li>1001: the server is going away (shutdown); reconnect with backoff, possibly to another node.</li>
 * </ul>
 * Reasons stay under 123 bytes, as RFC 6455 requires of a close frame's reason.
 */
public enum CloseCode {
    /** Normal closure requested by either side. */
    NORMAL(1000, "normal closure"),
    /** The server is shutting down. */
    GOING_AWAY(1001, "server shutting down"),
    /** A frame that breaks RFC 6455, such as an unmasked client frame or RSV bits no extension claimed. */
    PROTOCOL_ERROR(1002, "protocol error"),
    /** A text message that is not valid UTF-8, or compressed data that does not inflate (RFC 6455 §8.1, RFC 7692). */
    INVALID_PAYLOAD(1007, "invalid payload data"),
    /** The frame exceeded the hard limit the server can read (RFC 6455 "message too big"). */
    MESSAGE_TOO_BIG(1009, "message too big"),
    /** No credentials were given, or authentication did not complete in time. */
    NO_CREDENTIALS(4001, "no credentials"),
    /** The token is invalid or expired. */
    INVALID_TOKEN(4002, "invalid or expired token"),
    /** The credentials do not allow this connection. */
    FORBIDDEN(4003, "forbidden"),
    /** The resource named in the URL does not exist. */
    UNKNOWN_RESOURCE(4004, "unknown resource"),
    /** The client kept sending invalid frames. */
    PROTOCOL_ABUSE(4005, "too many invalid messages"),
    /**
     * The backend disconnected the user through the server API ({@code POST /api/disconnect}) without naming a code;
     * like the rest of 4000–4099, the client does not reconnect by itself.
     */
    DISCONNECTED(4006, "disconnected by the server"),
    /** The client did not read its messages fast enough; its outbound queue overflowed. */
    SLOW_CONSUMER(4100, "slow consumer"),
    /** The client kept sending over its rate limit. */
    RATE_LIMITED(4101, "rate limit exceeded"),
    /** The node has reached its connection limit. */
    OVER_CAPACITY(4102, "server over capacity"),
    /** The user has reached the per-user connection limit. */
    TOO_MANY_CONNECTIONS(4103, "too many connections for this user"),
    /** No frame arrived within the idle timeout; the connection is presumed dead. */
    IDLE_TIMEOUT(4200, "idle timeout"),
    /** The server asks the client to reconnect now (for example to move it to another node). */
    RECONNECT(4201, "reconnect");

    private final int code;
    private final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    /** The numeric close code. */
    public int code() {
        return code;
    }

    /** The default reason sent with this code (ASCII, under 123 bytes). */
    public String reason() {
        return reason;
    }

    /** Whether a client should try to reconnect after this code. */
    public boolean shouldReconnect() {
        return shouldReconnect(code);
    }

    /** Whether a client should try to reconnect after a close with the given code (not after 1000 or 4000–4099). */
    public static boolean shouldReconnect(int code) {
        return code != 1000 && !(code >= 4000 && code < 4100);
    }

    /** Whether a client should reconnect without waiting. */
    public static boolean reconnectAtOnce(int code) {
        return code >= 4200 && code < 4300;
    }

    /** The close code with this number, or {@code null}. */
    public static CloseCode of(int code) {
        for (CloseCode c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        return null;
    }
}
