package io.switchboard.server.serverapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.validation.JsonFields;
import io.switchboard.server.validation.JsonValue;
import io.vertx.core.Future;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code batch {commands: [{method, params}]}}: runs the commands one after the other, in order, and answers
 * {@code {replies: [{result} | {error}]}} in the same order. A command that fails gets its error in its reply; the
 * ones after it still run. A batch cannot hold a batch.
 */
final class BatchMethod {
    /** Commands one batch holds at most. */
    static final int MAX_COMMANDS = 100;
    private static final Logger LOG = LoggerFactory.getLogger(BatchMethod.class);

    private final ServerApi api;

    BatchMethod(ServerApi api) {
        this.api = api;
    }

    void addTo(ServerApi target) {
        target.add("batch", this::run, "commands");
    }

    private Future<JsonNode> run(JsonFields params) {
        JsonValue list = params.get("commands");
        if (list.isPresent() && list.node().isArray() && list.node().size() > MAX_COMMANDS) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "a batch holds at most " + MAX_COMMANDS
                    + " commands, got " + list.node().size() + "; send several", list.path());
        }
        List<JsonValue> commands = list.items(1, MAX_COMMANDS);
        ObjectNode out = Json.object();
        ArrayNode replies = out.putArray("replies");
        Future<Void> chain = Future.succeededFuture();
        for (JsonValue command : commands) {
            chain = chain.compose(v -> one(command).map(reply -> {
                replies.add(reply);
                return null;
            }));
        }
        return chain.map(v -> out);
    }

    /** One command's reply, {@code {result}} or {@code {error}}; never fails. */
    private Future<ObjectNode> one(JsonValue command) {
        Future<JsonNode> done;
        try {
            JsonFields fields = command.object("method", "params");
            JsonValue method = fields.get("method");
            String name = method.text(1, 64);
            if (name.equals("batch")) {
                throw method.invalid("cannot be batch: a batch cannot hold a batch");
            }
            done = api.call(name, fields.get("params").node(), fields.get("params").path(), method.path());
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.transform(ar -> {
            ObjectNode reply = Json.object();
            if (ar.succeeded()) {
                reply.set("result", ar.result());
            } else {
                reply.set("error", errorBody(ar.cause()));
            }
            return Future.succeededFuture(reply);
        });
    }

    private static ObjectNode errorBody(Throwable e) {
        if (e instanceof ProtocolException pe) {
            return EnvelopeCodec.errorBody(pe.code(), pe.getMessage(), pe.field());
        }
        LOG.error("a batch command failed", e);
        return EnvelopeCodec.errorBody(ErrorCode.INTERNAL, "internal error", null);
    }
}
