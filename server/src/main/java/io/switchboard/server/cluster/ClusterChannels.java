package io.switchboard.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.vertx.core.Future;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/** The channels with subscribers on any node, each with its subscriber count summed over the nodes. */
public final class ClusterChannels {
    /** Channels one answer lists at most (each node's, and the sum of them). */
    public static final int MAX_CHANNELS = 10_000;
    private static final String QUESTION = "channels";

    private final NodeControl control;

    private ClusterChannels(NodeControl control) {
        this.control = control;
    }

    /** Answers the question on this node from {@code registry}. */
    public static ClusterChannels install(NodeControl control, ChannelRegistry registry) {
        control.answer(QUESTION, args -> {
            ObjectNode out = Json.object();
            Map<String, Integer> local = registry.activeChannels(ChannelPattern.of(args.path("pattern").asText(null)), MAX_CHANNELS);
            local.forEach(out::put);
            return Future.succeededFuture(out);
        });
        return new ClusterChannels(control);
    }

    /**
     * The active channels whose names match {@code pattern} ({@link ChannelPattern}; null for all), by name, with
     * their subscribers on every node that answered; at most {@link #MAX_CHANNELS}, first by name.
     */
    public Future<Map<String, Integer>> active(String pattern) {
        ObjectNode args = Json.object();
        if (pattern != null) {
            args.put("pattern", pattern);
        }
        return control.ask(QUESTION, args).map(answers -> {
            TreeMap<String, Integer> sum = new TreeMap<>();
            for (NodeAnswer a : answers) {
                for (Iterator<Map.Entry<String, JsonNode>> it = a.answer().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    sum.merge(e.getKey(), e.getValue().asInt(), Integer::sum);
                }
            }
            while (sum.size() > MAX_CHANNELS) {
                sum.pollLastEntry();
            }
            return sum;
        });
    }
}
