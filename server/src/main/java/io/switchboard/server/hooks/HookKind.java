package io.switchboard.server.hooks;

/**
 * The hooks, each with whether a call refused at connect time (the request never left this node, so the backend never
 * saw it) is tried once more within the same deadline.
 */
public enum HookKind {
    /** Who may connect. Retried: it only reads. */
    CONNECT("connect", true),
    /** Whether an expiring connection may go on. Retried: it only reads. */
    REFRESH("refresh", true),
    /** Whether a client may subscribe. Retried: it only reads. */
    SUBSCRIBE("subscribe", true),
    /**
     * Whether a client's publication goes out, and with what payload. Never retried by the node: the client, told
     * {@code unavailable}, decides whether to publish again (a node never publishes on its own twice).
     */
    PUBLISH("publish", false),
    /** A client's call. Retried only when refused at connect time, which the backend never saw. */
    RPC("rpc", true);

    private final String label;
    private final boolean retryWhenRefused;

    HookKind(String label, boolean retryWhenRefused) {
        this.label = label;
        this.retryWhenRefused = retryWhenRefused;
    }

    /** The hook's name, in logs, metrics and messages. */
    public String label() {
        return label;
    }

    /** Whether a connection refused at connect time is tried once more. */
    public boolean retryWhenRefused() {
        return retryWhenRefused;
    }
}
