package io.switchboard.server.gateway;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The message types one kind of socket understands, each with its handler. {@code /ws} uses the gateway's
 * default set; an app endpoint with its own vocabulary (a device streaming telemetry) gets a set of its own,
 * so its types are unknown elsewhere and the channel types are unknown to it.
 */
public final class HandlerSet {
    private final String name;
    private final Map<String, MessageHandler> handlers = new ConcurrentHashMap<>();

    HandlerSet(String name) {
        this.name = name;
    }

    /** The set's name, for logs and docs. */
    public String name() {
        return name;
    }

    /** Registers the handler for a type; one handler per type in a set. */
    public HandlerSet register(String type, MessageHandler handler) {
        if (handlers.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("message type '" + type + "' already has a handler in " + name);
        }
        return this;
    }

    /** The handler for a type, or null. */
    MessageHandler get(String type) {
        return handlers.get(type);
    }

    /** The types, sorted. */
    public Set<String> types() {
        return new TreeSet<>(handlers.keySet());
    }
}
