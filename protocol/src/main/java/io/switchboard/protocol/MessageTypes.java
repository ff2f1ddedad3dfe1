package io.switchboard.protocol;

/**
 * The names carried in the {@code type} field of every envelope.
 *
 * <p>Client-to-server types are answered by {@link #ACK} or {@link #ERROR} when the envelope carries an
 * {@code id}. Server-to-client types are pushed. docs/asyncapi.yaml describes each of them, and a test keeps
 * the two in step.
 */
public final class MessageTypes {
    /** Server to client: first frame of every session, {@code {session_id, user_id}}. */
    public static final String CONNECTION_ESTABLISHED = "connection_established";
    /** Client to server: {@code {channel}}. */
    public static final String SUBSCRIBE = "subscribe";
    /** Client to server: {@code {channel}}. */
    public static final String UNSUBSCRIBE = "unsubscribe";
    /** Client to server: {@code {channel, data}}. */
    public static final String PUBLISH = "publish";
    /** Client to server: application-level heartbeat, answered by {@link #PONG}. */
    public static final String PING = "ping";
    /** Server to client: the answer to {@link #PING}. */
    public static final String PONG = "pong";
    /** Server to client: the request with this {@code id} succeeded (and, for writes, is committed). */
    public static final String ACK = "ack";
    /** Server to client: the request with this {@code id} (or a frame without one) was refused. */
    public static final String ERROR = "error";
    /** Client to server: {@code {token}}, a fresh token for the same user before the current one expires. */
    public static final String REFRESH_TOKEN = "refresh_token";
    /**
     * Client to server: {@code {method, data}}, a call forwarded to the backend's RPC hook; the ack carries
     * {@code {data}}, the backend's result.
     */
    public static final String RPC = "rpc";
    /** Server to client: a publication on a subscribed channel, {@code {channel, data}}. */
    public static final String MESSAGE = "message";
    /** Client to server: {@code {channel, token}}, a fresh subscription token for a subscription made with one. */
    public static final String SUB_REFRESH = "sub_refresh";
    /** Client to server: {@code {channel}}, answered with {@code {clients: [{user_id, session_id, info?}]}}. */
    public static final String PRESENCE = "presence";
    /** Client to server: {@code {channel}}, answered with {@code {num_clients, num_users}}. */
    public static final String PRESENCE_STATS = "presence_stats";
    /** Client to server: {@code {channel, limit?, since?}}, answered with {@code {publications, epoch, offset}}. */
    public static final String HISTORY = "history";
    /**
     * Server to client: the subscription to {@code channel} ended without the client asking, {@code {channel, data:
     * {code}}} ({@code subscription_expired}, or {@code unsubscribed_by_server} through the server API).
     */
    public static final String UNSUBSCRIBED = "unsubscribed";
    /** Server to client: a session subscribed to a channel with join-leave, {@code {channel, data: {user_id, session_id}}}. */
    public static final String JOIN = "join";
    /** Server to client: a session left a channel with join-leave, {@code {channel, data: {user_id, session_id}}}. */
    public static final String LEAVE = "leave";

    private MessageTypes() {
    }
}
