package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;

/**
 * The socket's ack of a stored message that came without an {@code id}: {@code {"type":"ack","for":{…}}}, where
 * {@code for} names the message by what makes it unique in the seed, as the device wrote it: its {@code type} and
 * its {@code date} (screen time: one row per child and day), its {@code timestamp} (location), or its first log's
 * {@code timestamp} and its number of {@code logs} (site access). A retry of the same message is stored once and
 * acked the same way, so a device can drop from its buffer whatever matches.
 */
final class IdlessAck {
    private IdlessAck() {
    }

    /** The ack of a message of {@code type} whose {@code data} was validated and stored. */
    static ObjectNode of(String type, JsonNode data) {
        ObjectNode key = Json.object().put("type", type);
        switch (type) {
            case IngestTypes.SCREEN_TIME -> key.set("date", data.get("date"));
            case IngestTypes.LOCATION -> key.set("timestamp", data.get("timestamp"));
            case IngestTypes.SITE_ACCESS -> {
                JsonNode logs = data.get("logs");
                key.set("timestamp", logs.get(0).get("timestamp"));
                key.put("logs", logs.size());
            }
            default -> {
            }
        }
        ObjectNode ack = Json.object().put("type", MessageTypes.ACK);
        ack.set("for", key);
        return ack;
    }
}
