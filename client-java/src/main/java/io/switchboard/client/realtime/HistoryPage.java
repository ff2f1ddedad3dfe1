package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** What {@code history} returned: publications in offset order, and the channel's latest position. Immutable. */
public final class HistoryPage {
    private final List<Publication> publications;
    private final StreamPosition latest;

    HistoryPage(List<Publication> publications, StreamPosition latest) {
        this.publications = Collections.unmodifiableList(publications);
        this.latest = latest;
    }

    /**
     * The reply's data {@code {"publications": [{"offset", "type"?, "data"}], "epoch", "offset"}}; {@code type} is there
     * only for what is not a plain {@code message} (an app's event kept in the history).
     */
    static HistoryPage of(String channel, JsonNode data) {
        String epoch = data.path("epoch").asText("");
        List<Publication> list = new ArrayList<>();
        for (JsonNode p : data.path("publications")) {
            StreamPosition at = p.path("offset").canConvertToLong() ? StreamPosition.of(epoch, p.get("offset").asLong()) : null;
            list.add(new Publication(p.path("type").asText("message"), channel, p.path("data"), at, p));
        }
        StreamPosition latest = data.path("offset").canConvertToLong() ? StreamPosition.of(epoch, data.get("offset").asLong()) : null;
        return new HistoryPage(list, latest);
    }

    /** The publications, oldest first. */
    public List<Publication> publications() {
        return publications;
    }

    /** The channel's latest position (epoch and the offset of its newest publication). */
    public StreamPosition latest() {
        return latest;
    }
}
