package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Envelope;
import io.switchboard.protocol.EnvelopeCodec;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.http.HttpErrors;
import io.switchboard.server.http.JsonBodies;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/ingest/}: the seed's HTTP fallback, authenticated by {@code X-Child-Hash}. The body is one
 * message or an array of up to {@value #MAX_MESSAGES}, each exactly what the device would send on its socket;
 * each goes through the same {@link Ingestor} as a socket message. The answer holds, for each message, the
 * frame the socket would have sent: {@code {"type":"ack","id":…}} or {@code {"type":"error","id":…,"error":{…}}}.
 *
 * <p>A single message is answered with its frame alone, with status 200 for an ack or the error's status; an
 * array with 200 and {@code {"results":[…], "acked": n, "rejected": n}} in the order sent.
 */
final class IngestRoute {
    /** Messages one request may carry. */
    static final int MAX_MESSAGES = 500;
    private static final Logger LOG = LoggerFactory.getLogger(IngestRoute.class);

    private final ChildDirectory children;
    private final Ingestor ingestor;
    private final IngestMetrics metrics;

    IngestRoute(ChildDirectory children, Ingestor ingestor, IngestMetrics metrics) {
        this.children = children;
        this.ingestor = ingestor;
        this.metrics = metrics;
    }

    void mount(Router router) {
        router.post("/api/ingest/").handler(this::handle);
        router.post("/api/ingest").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        String hash = ctx.request().getHeader("X-Child-Hash");
        if (hash == null || hash.isBlank()) {
            throw new ProtocolException(ErrorCode.UNAUTHORIZED, "the X-Child-Hash header is required", "X-Child-Hash");
        }
        children.byHash(hash.trim()).onComplete(ar -> {
            if (ar.failed()) {
                ctx.fail(ar.cause());
            } else if (ar.result().isEmpty()) {
                HttpErrors.send(ctx, ErrorCode.UNAUTHORIZED, "unknown child hash", "X-Child-Hash");
            } else {
                try {
                    ingest(ctx, ar.result().get(), JsonBodies.json(ctx));
                } catch (ProtocolException e) {
                    ctx.fail(e);
                }
            }
        });
    }

    private void ingest(RoutingContext ctx, Child child, JsonNode body) {
        if (body.isObject()) {
            one(child, body).onSuccess(frame -> {
                JsonNode error = frame.get("error");
                int status = error == null ? 200 : ErrorCode.fromWire(error.get("code").asText()).httpStatus();
                JsonBodies.send(ctx, status, frame);
            });
            return;
        }
        if (!body.isArray()) {
            throw new ProtocolException(ErrorCode.BAD_JSON, "the body must be a message or an array of messages");
        }
        if (body.isEmpty()) {
            throw new ProtocolException(ErrorCode.INVALID_FIELD, "the array must hold at least one message", "body");
        }
        if (body.size() > MAX_MESSAGES) {
            throw new ProtocolException(ErrorCode.TOO_LARGE, "at most " + MAX_MESSAGES + " messages per request; send the rest in another");
        }
        List<Future<ObjectNode>> results = new ArrayList<>(body.size());
        for (JsonNode message : body) {
            results.add(one(child, message));
        }
        Future.join(results).onComplete(done -> {
            ObjectNode answer = Json.object();
            ArrayNode list = answer.putArray("results");
            int acked = 0;
            for (Future<ObjectNode> f : results) {
                list.add(f.result());
                if (MessageTypes.ACK.equals(f.result().get("type").asText())) {
                    acked++;
                }
            }
            answer.put("acked", acked);
            answer.put("rejected", results.size() - acked);
            JsonBodies.send(ctx, 200, answer);
        });
    }

    /** One message's answer frame; never a failed future. */
    private Future<ObjectNode> one(Child child, JsonNode message) {
        JsonNode id = message.isObject() ? idOrNull(message.get("id")) : null;
        Envelope envelope;
        try {
            envelope = EnvelopeCodec.decode(message);
        } catch (ProtocolException e) {
            metrics.rejected(e.code(), Transport.HTTP);
            return Future.succeededFuture(EnvelopeCodec.error(id, e.code(), e.getMessage(), e.field()));
        }
        return ingestor.ingest(child, envelope.type(), envelope.data(), Transport.HTTP).transform(ar -> {
            if (ar.succeeded()) {
                ObjectNode ack = Json.object().put("type", MessageTypes.ACK);
                if (envelope.hasId()) {
                    ack.set("id", envelope.id());
                }
                return Future.succeededFuture(ack);
            }
            ProtocolException e = ar.cause() instanceof ProtocolException pe ? pe : internal(ar.cause());
            return Future.succeededFuture(EnvelopeCodec.error(envelope.hasId() ? envelope.id() : null, e.code(), e.getMessage(), e.field()));
        });
    }

    private static JsonNode idOrNull(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber()) ? id : null;
    }

    private static ProtocolException internal(Throwable cause) {
        LOG.error("ingest over HTTP failed", cause);
        return new ProtocolException(ErrorCode.INTERNAL, "internal error");
    }
}
