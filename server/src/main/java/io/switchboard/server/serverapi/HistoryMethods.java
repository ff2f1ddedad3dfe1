package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.ChannelHistory;
import io.switchboard.server.broker.HistoryPage;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code history {channel, limit?, since?, reverse?}} and {@code history_remove {channel}}, on a channel whose
 * namespace keeps history (any other is refused, naming the channel).
 */
final class HistoryMethods {
    /** Publications one read returns at most. */
    static final int MAX_LIMIT = 1_000;
    /** Publications a read returns when it names no limit. */
    static final int DEFAULT_LIMIT = 100;
    private static final int MAX_EPOCH = 64;

    private final ChannelHistory history;

    HistoryMethods(ChannelHistory history) {
        this.history = history;
    }

    void addTo(ServerApi api) {
        api.add("history", this::read, "channel", "limit", "since", "reverse");
        api.add("history_remove", this::remove, "channel");
    }

    private Future<JsonNode> read(JsonFields params) {
        String channel = keeping(params);
        int limit = params.has("limit") ? (int) params.wholeNumber("limit", 0, MAX_LIMIT) : DEFAULT_LIMIT;
        boolean reverse = params.has("reverse") && params.bool("reverse");
        JsonFields since = params.optionalObject("since", "epoch", "offset");
        String epoch = since == null ? null : since.text("epoch", 1, MAX_EPOCH);
        long offset = since == null ? 0 : since.wholeNumber("offset", 0, Long.MAX_VALUE);
        if (since != null && reverse && offset == 0) {
            // Nothing comes before the first publication.
            limit = 0;
        }
        long after = reverse ? 0 : offset;
        long before = reverse ? offset : 0;
        String sincePath = since == null ? null : since.path();
        return history.read(channel, after, before, limit, reverse).map(page -> {
            if (epoch != null && !epoch.equals(page.position().epoch())) {
                throw new ProtocolException(ErrorCode.PRECONDITION_FAILED, "the history of " + channel
                        + " is now epoch " + page.position().epoch() + "; the position given is from a history that was lost",
                        sincePath + ".epoch");
            }
            return answer(page);
        });
    }

    private Future<JsonNode> remove(JsonFields params) {
        return history.remove(keeping(params)).map(v -> (JsonNode) Json.object());
    }

    /** The channel parameter, refused unless its namespace keeps history. */
    private String keeping(JsonFields params) {
        String channel = ApiParams.channel(params, "channel").toString();
        if (history.options(channel) == null) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "channel " + channel
                    + " keeps no history: its namespace has none configured", params.get("channel").path());
        }
        return channel;
    }

    private static JsonNode answer(HistoryPage page) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("publications");
        for (Publication p : page.publications()) {
            list.addObject().put("offset", p.offset()).set("data", data(p));
        }
        out.put("epoch", page.position().epoch());
        out.put("offset", page.position().offset());
        return out;
    }

    private static JsonNode data(Publication p) {
        try {
            return Json.mapper().readTree(p.data());
        } catch (IOException e) {
            throw new UncheckedIOException("a publication in history is not JSON", e);
        }
    }
}
