package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.broker.HistoryPage;
import io.switchboard.server.broker.Publication;
import io.switchboard.server.broker.StreamPosition;
import io.switchboard.server.channel.ChannelName;
import io.switchboard.server.channel.ChannelReads;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * {@code history {channel, limit?, since?, reverse?}} and {@code history_remove {channel}}, on a channel whose
 * namespace keeps history (any other is refused, naming the channel), read as the socket's {@code history} reads.
 */
final class HistoryMethods {
    /** Publications one read returns at most (and never more than the namespace keeps). */
    static final int MAX_LIMIT = 1_000;
    private static final int MAX_EPOCH = 64;

    private final ChannelReads reads;

    HistoryMethods(ChannelReads reads) {
        this.reads = reads;
    }

    void addTo(ServerApi api) {
        api.add("history", this::read, "channel", "limit", "since", "reverse");
        api.add("history_remove", this::remove, "channel");
    }

    private Future<JsonNode> read(JsonFields params) {
        ChannelName channel = ApiParams.channel(params, "channel");
        Integer limit = params.has("limit") ? (int) params.wholeNumber("limit", 0, MAX_LIMIT) : null;
        boolean reverse = params.has("reverse") && params.bool("reverse");
        JsonFields since = params.optionalObject("since", "epoch", "offset");
        StreamPosition from = since == null ? null
                : new StreamPosition(since.text("epoch", 1, MAX_EPOCH), since.wholeNumber("offset", 0, Long.MAX_VALUE));
        String sincePath = since == null ? null : since.path();
        return reads.history(channel, params.get("channel").path(), from, limit, reverse).map(page -> {
            if (from != null && !from.epoch().equals(page.position().epoch())) {
                throw new ProtocolException(ErrorCode.PRECONDITION_FAILED, "the history of " + channel
                        + " is now epoch " + page.position().epoch() + "; the position given is from a history that was lost",
                        sincePath + ".epoch");
            }
            return ChannelReads.json(page);
        });
    }

    private Future<JsonNode> remove(JsonFields params) {
        return reads.removeHistory(ApiParams.channel(params, "channel"), params.get("channel").path()).map(v -> (JsonNode) Json.object());
    }
}
