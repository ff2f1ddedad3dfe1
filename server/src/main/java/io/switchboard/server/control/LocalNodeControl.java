package io.switchboard.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.util.List;

/** One node: a question is answered by this node's handler alone. */
public final class LocalNodeControl implements NodeControl {
    private final String node;
    private final ControlHandlers handlers = new ControlHandlers();

    /** The control of node {@code node}. */
    public LocalNodeControl(String node) {
        this.node = node;
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public void answer(String question, ControlHandler handler) {
        handlers.put(question, handler);
    }

    @Override
    public Future<List<NodeAnswer>> ask(String question, JsonNode args) {
        return handlers.answer(question, args).map(a -> List.of(new NodeAnswer(node, a)));
    }
}
