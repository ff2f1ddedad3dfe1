package io.switchboard.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;

/** How this node answers one kind of control question; runs on a Vert.x context and must not block. */
@FunctionalInterface
public interface ControlHandler {
    /** This node's answer to a question with {@code args}. */
    Future<JsonNode> answer(JsonNode args);
}
