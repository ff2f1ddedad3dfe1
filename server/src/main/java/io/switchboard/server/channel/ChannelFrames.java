package io.switchboard.server.channel;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.server.broker.Publication;

/** Builds the one frame a publication is sent as. */
public final class ChannelFrames {
    private ChannelFrames() {
    }

    /**
     * An app event on a channel, {@code {"type":type,"channel":…,"data":…}} (with {@code offset} and {@code epoch}
     * on a channel that keeps history), encoded once: subscribers on {@code /ws} and on an app's own endpoint
     * receive the same bytes.
     */
    public static Publication event(ChannelName channel, String type, JsonNode data) {
        return Publication.of(channel.toString(), type, Json.bytes(data));
    }

    /** {@code {"type":"message","channel":…,"data":…}} (and {@code offset}, {@code epoch} with history), encoded once. */
    public static Publication message(ChannelName channel, JsonNode data) {
        return Publication.of(channel.toString(), MessageTypes.MESSAGE, Json.bytes(data));
    }
}
