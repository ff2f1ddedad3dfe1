package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.validation.JsonFields;
import io.vertx.core.Future;

/** One method of the server API: reads its parameters (refusing bad ones by throwing) and answers a JSON object. */
@FunctionalInterface
interface ApiMethod {
    /** The method's result for {@code params}, already checked to hold only the method's parameter names. */
    Future<JsonNode> call(JsonFields params);
}
