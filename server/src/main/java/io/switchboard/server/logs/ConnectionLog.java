package io.switchboard.server.logs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per WebSocket opened, closed or refused, under the logger {@code switchboard.connections}. A line names
 * the path without its query and never a credential: tokens travel in the query and headers, and refusal reasons
 * are written to be shown to the client.
 */
public final class ConnectionLog {
    private static final Logger LOG = LoggerFactory.getLogger("switchboard.connections");

    private ConnectionLog() {
    }

    /** A session began. */
    public static void opened(String session, String user, String path, Object remote) {
        LOG.info("socket opened: session {} user {} on {} from {}", session, user, path, remote);
    }

    /** A session ended with {@code code}. */
    public static void closed(String session, String user, int code) {
        LOG.info("socket closed: session {} user {} code {}", session, user, code);
    }

    /**
     * A handshake was refused: with an HTTP status before the upgrade, or with a close code after it (the browser
     * reads only the latter).
     */
    public static void refused(String path, Object remote, int code, String reason) {
        LOG.info("socket refused: code {} ({}) on {} from {}", code, reason, path, remote);
    }
}
