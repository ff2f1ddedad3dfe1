package io.switchboard.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Timer;
import io.switchboard.protocol.Json;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.switchboard.server.metrics.Metrics;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * What the console's charts and node rates are drawn from: each node's running totals (frames in and out, delivery
 * latency samples, their sum and recent maximum) at one instant, gathered over the control channel. The page turns
 * two readings into rates and the mean latency between them, so no node keeps a history for it.
 */
final class AdminStats {
    private static final String QUESTION = "admin_stats";

    private final NodeControl control;

    private AdminStats(NodeControl control) {
        this.control = control;
    }

    /** Answers the question with this node's {@code metrics}, and asks it of every node. */
    static AdminStats install(NodeControl control, Metrics metrics) {
        control.answer(QUESTION, args -> Future.succeededFuture(totals(control.node(), metrics)));
        return new AdminStats(control);
    }

    /** {@code {time_ms, nodes: [{name, connections, messages_in, messages_out, delivery_latency}]}}, nodes by name. */
    Future<JsonNode> now() {
        return control.ask(QUESTION, Json.object()).map(answers -> {
            ObjectNode out = Json.object().put("time_ms", System.currentTimeMillis());
            ArrayNode nodes = out.putArray("nodes");
            answers.stream().map(NodeAnswer::answer).sorted(Comparator.comparing(a -> a.path("name").asText()))
                    .forEach(nodes::add);
            return out;
        });
    }

    private static ObjectNode totals(String node, Metrics metrics) {
        Timer latency = metrics.deliveryLatency();
        ObjectNode out = Json.object().put("name", node)
                .put("connections", metrics.openConnections())
                .put("messages_in", (long) metrics.messagesInTotal())
                .put("messages_out", (long) metrics.messagesOutTotal());
        out.putObject("delivery_latency").put("count", latency.count())
                .put("total_ms", latency.totalTime(TimeUnit.NANOSECONDS) / 1e6)
                .put("max_ms", latency.max(TimeUnit.NANOSECONDS) / 1e6);
        return out;
    }
}
