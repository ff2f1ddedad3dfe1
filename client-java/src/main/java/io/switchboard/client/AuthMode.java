package io.switchboard.client;

/** How the device presents its child hash on the socket. Over HTTP it is always the {@code X-Child-Hash} header. */
public enum AuthMode {
    /** In the path: {@code /ws/ingest/<child_hash>/}. Checked before the socket is accepted. The default. */
    PATH,
    /** On {@code /ws/ingest-auth/}, as the first message {@code {"type":"auth","data":{"child_hash":…}}}. */
    AUTH_FLOW
}
