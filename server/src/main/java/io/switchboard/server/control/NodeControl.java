package io.switchboard.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;

/**
 * Asks every node of the deployment a question and gathers their answers: in this process for one node
 * ({@link LocalNodeControl}), over Redis pub/sub for many ({@link RedisNodeControl}). A question reaches every node
 * that listens now; the asker waits at most {@link #WAIT} for their answers and goes on with those that came, so a node
 * that dies or stalls delays an answer but never hangs it. At most {@link #MAX_IN_FLIGHT} questions wait at once on a
 * node; beyond that {@link #ask} fails with {@code unavailable} (temporary).
 */
public interface NodeControl {
    /** The longest an asker waits for the other nodes' answers. */
    Duration WAIT = Duration.ofSeconds(2);
    /** Questions waiting for answers on one node at most. */
    int MAX_IN_FLIGHT = 256;

    /** This node's id. */
    String node();

    /** Sets how this node answers the questions named {@code question}; one handler per name. */
    void answer(String question, ControlHandler handler);

    /**
     * Asks every node, this one included, and completes with the answers that came within {@link #WAIT}, in the order
     * they came. A node whose handler failed, or that has no handler for the question, is left out.
     */
    Future<List<NodeAnswer>> ask(String question, JsonNode args);
}
