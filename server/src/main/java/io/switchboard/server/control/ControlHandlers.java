package io.switchboard.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The handlers of this node's control questions by name, shared by both kinds of {@link NodeControl}. */
final class ControlHandlers {
    private final Map<String, ControlHandler> byName = new ConcurrentHashMap<>();

    void put(String question, ControlHandler handler) {
        if (byName.putIfAbsent(question, handler) != null) {
            throw new IllegalStateException("control question '" + question + "' already has a handler");
        }
    }

    /** This node's answer; fails when no handler knows the question or the handler threw. */
    Future<JsonNode> answer(String question, JsonNode args) {
        ControlHandler handler = byName.get(question);
        if (handler == null) {
            return Future.failedFuture(new IllegalArgumentException("no handler for control question '" + question + "'"));
        }
        try {
            return handler.answer(args);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }
}
