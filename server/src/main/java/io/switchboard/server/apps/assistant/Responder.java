package io.switchboard.server.apps.assistant;

import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Who writes the assistant's replies. Called on an event loop; must not block.
 */
interface Responder {
    /** One turn of the conversation as the responder sees it: {@code user} or {@code assistant}, and the text. */
    record Turn(String role, String content) {
    }

    /**
     * Writes the reply to the last turn, handing each piece to {@code onToken} as it is written, in order, and
     * completes with the whole reply. {@code attempt} is 1 for the first reply and one more for each regeneration.
     */
    Future<String> respond(List<Turn> turns, int attempt, Consumer<String> onToken);

    /** A short name for logs and docs. */
    String name();
}
