package io.switchboard.server.stream;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's open streams by session id: where a command for a session finds it, and what the heartbeat writes
 * to. One periodic timer for the node, whatever the number of streams (each writes on its own event loop).
 */
final class StreamSessions {
    private final Map<String, StreamSocket> byId = new ConcurrentHashMap<>();

    void add(String sessionId, StreamSocket socket) {
        byId.put(sessionId, socket);
    }

    void remove(String sessionId, StreamSocket socket) {
        byId.remove(sessionId, socket);
    }

    /** The open stream of session {@code sessionId} on this node, or null. */
    StreamSocket get(String sessionId) {
        return byId.get(sessionId);
    }

    /** Open streams on this node. */
    int size() {
        return byId.size();
    }

    /** Writes a heartbeat to every open stream each {@code interval}; returns the timer's id. */
    long startHeartbeat(Vertx vertx, Duration interval) {
        return vertx.setPeriodic(interval.toMillis(), id -> byId.values().forEach(StreamSocket::heartbeat));
    }
}
