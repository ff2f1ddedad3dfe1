package io.switchboard.client.realtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;

/** Binds a received payload to an application class. */
final class Payloads {
    private Payloads() {
    }

    /** {@code data} bound to {@code type} with Jackson; {@code what} names it in the error when it does not fit. */
    static <T> T as(JsonNode data, Class<T> type, String what) {
        try {
            return Json.mapper().treeToValue(data, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not a " + type.getSimpleName(), e);
        }
    }
}
