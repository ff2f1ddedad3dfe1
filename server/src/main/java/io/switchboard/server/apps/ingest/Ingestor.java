package io.switchboard.server.apps.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelRegistry;
import io.switchboard.server.store.BatchWriter;
import io.vertx.core.Future;

/**
 * The one code path behind both transports: validate, queue for the batched writer, and once committed count
 * it, publish what is new on {@code child:<id>} and let the caller ack. A socket handler and the HTTP fallback
 * differ only in how they read the message and write the answer.
 */
final class Ingestor {
    private final TelemetryParser parser;
    private final BatchWriter<TelemetryWriter.Submission, TelemetryWriter.Stored> writer;
    private final ChannelRegistry channels;
    private final IngestMetrics metrics;

    Ingestor(TelemetryParser parser, BatchWriter<TelemetryWriter.Submission, TelemetryWriter.Stored> writer,
             ChannelRegistry channels, IngestMetrics metrics) {
        this.parser = parser;
        this.writer = writer;
        this.channels = channels;
        this.metrics = metrics;
    }

    /**
     * Stores one message of a child. Succeeds (with no ack data) after the commit; fails with a
     * {@link ProtocolException} naming the code and field, in which case nothing was stored.
     */
    Future<JsonNode> ingest(Child child, String type, JsonNode data, Transport transport) {
        long start = System.nanoTime();
        IngestMessage message;
        try {
            message = parser.parse(type, data);
        } catch (ProtocolException e) {
            metrics.rejected(e.code(), transport);
            return Future.failedFuture(e);
        }
        return writer.submit(child.id(), new TelemetryWriter.Submission(child.id(), message)).transform(ar -> {
            if (ar.failed()) {
                ErrorCode code = ar.cause() instanceof ProtocolException pe ? pe.code() : ErrorCode.INTERNAL;
                metrics.rejected(code, transport);
                return Future.failedFuture(ar.cause());
            }
            ObjectNode event = ar.result().event();
            metrics.stored(message.type(), transport, event == null, System.nanoTime() - start);
            if (event != null) {
                event.put("child_id", child.id());
                channels.publish(ChannelFrames.event(ChildChannel.name(child.id()), message.type(), event));
            }
            return Future.succeededFuture((JsonNode) null);
        });
    }
}
