package io.switchboard.server.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Envelope;
import io.vertx.core.Future;

/**
 * Handles one message type. Called on the session's event loop: validate {@code data}, then answer at once or
 * return a future completed by work done elsewhere (a database write on the store's worker pool).
 *
 * <p>The gateway turns the outcome into the reply: success becomes an {@code ack} (carrying the returned
 * node as {@code data} when it is not null), a {@link io.switchboard.protocol.ProtocolException} becomes an
 * {@code error} with its code and field, anything else an {@code internal} error. Only envelopes with an
 * {@code id} get an {@code ack}; an {@code error} is sent either way, carrying the {@code id} when there is one.
 */
@FunctionalInterface
public interface MessageHandler {
    /** Handles the envelope for the session. */
    Future<JsonNode> handle(Session session, Envelope envelope);
}
