package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.buffer.BufferedMessage;
import io.switchboard.client.buffer.MessageBuffer;
import io.switchboard.protocol.MessageTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The HTTP fallback: drains the buffer over {@code POST /api/ingest/}, one batch in flight at a time, oldest
 * messages first, and handles the per-message results. Runs on the client's thread, like {@link ClientEngine}.
 */
final class FallbackSender {
    private static final Logger LOG = Logger.getLogger("io.switchboard.client");

    private final ClientEngine engine;
    private final ClientBuilder config;
    private final MessageBuffer buffer;
    private final OkHttpClient http;
    private final ConnectionStateMachine states;
    private final Counters counters;
    private final HttpUrl url;
    private FallbackCall inFlight;
    private int attempt;
    private long retryAtNanos;
    private int batchLimit;

    FallbackSender(ClientEngine engine, ClientBuilder config, MessageBuffer buffer, OkHttpClient http,
                   ConnectionStateMachine states, Counters counters) {
        this.engine = engine;
        this.config = config;
        this.buffer = buffer;
        this.http = http;
        this.states = states;
        this.counters = counters;
        this.url = config.server.newBuilder().addPathSegment("api").addPathSegment("ingest").addPathSegment("").build();
        this.batchLimit = config.httpBatchSize;
    }

    /** Whether a batch is in flight. */
    boolean busy() {
        return inFlight != null;
    }

    /** Sends the next batch, unless one is in flight, the buffer is empty, or a retry is not due yet. */
    void pump() {
        if (inFlight != null || buffer.size() == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now < retryAtNanos) {
            engine.pumpLater(retryAtNanos - now);
            return;
        }
        List<BufferedMessage> candidates = buffer.peek(0, batchLimit);
        List<BufferedMessage> batch = new ArrayList<>(candidates.size());
        long bytes = 2;
        for (BufferedMessage m : candidates) {
            if (!batch.isEmpty() && bytes + m.bytes() + 1 > config.httpBatchBytes) {
                break;
            }
            batch.add(m);
            bytes += m.bytes() + 1;
        }
        Request.Builder request = FallbackCall.request(FallbackCall.body(batch)).url(url).header("X-Child-Hash", config.childHash);
        if (config.bearerToken != null) {
            request.header("Authorization", "Bearer " + config.bearerToken);
        }
        for (BufferedMessage m : batch) {
            counters.sentHttp.incrementAndGet();
            engine.countSend(m);
        }
        FallbackCall call = new FallbackCall(engine, this, batch, now);
        inFlight = call;
        call.call = http.newCall(request.build());
        call.call.enqueue(call);
    }

    /** Cancels the batch in flight (on close or a fatal refusal); its messages stay buffered. */
    void cancel() {
        if (inFlight != null && inFlight.call != null) {
            inFlight.call.cancel();
        }
        inFlight = null;
    }

    /** The answer to a batch: the HTTP status (-1 when none came), the JSON body, or what went wrong reading it. */
    void onDone(FallbackCall call, int status, JsonNode answer, String problem) {
        if (call != inFlight) {
            return;
        }
        inFlight = null;
        if (states.stopped()) {
            return;
        }
        long now = System.nanoTime();
        if (status == 401 || status == 403) {
            engine.fatal(new FatalError(Transport.HTTP, status, answer == null ? "HTTP " + status
                    : answer.path("error").path("message").asText("HTTP " + status)));
            return;
        }
        if (status == 200 && answer != null && answer.path("results").isArray()) {
            states.httpSucceeded();
            attempt = 0;
            batchLimit = config.httpBatchSize;
            results(call, answer.get("results"), now);
        } else if (status == 413 || (status == 400 && answer != null && answer.has("error"))) {
            // The batch as a whole was refused: split it until the one message at fault stands alone.
            states.httpSucceeded();
            if (call.batch.size() > 1) {
                batchLimit = Math.max(1, call.batch.size() / 2);
            } else {
                BufferedMessage m = call.batch.get(0);
                engine.rejected(m, delivery(m, call, now), answer != null && answer.has("error") ? ServerError.from(answer.get("error"))
                        : new ServerError("too_large", "the server refused the request as too large", null, false));
            }
        } else {
            // No connection, a timeout, 5xx, 429, 404 (no ingest route on this node): the fallback is down for now.
            LOG.fine("fallback failed: " + (problem != null ? problem : "HTTP " + status));
            states.httpFailed();
            retryAtNanos = now + engine.backoffNanos(attempt++);
        }
        engine.pump();
    }

    /** One ack or error frame per message, matched by id; a temporary error keeps its message and delays the next batch. */
    private void results(FallbackCall call, JsonNode results, long now) {
        Map<String, BufferedMessage> byId = new HashMap<>();
        for (BufferedMessage m : call.batch) {
            byId.put(m.id(), m);
        }
        boolean temporary = false;
        for (JsonNode result : results) {
            BufferedMessage m = byId.get(result.path("id").asText(""));
            if (m == null) {
                continue;
            }
            if (MessageTypes.ACK.equals(result.path("type").asText())) {
                engine.acked(m, delivery(m, call, now));
            } else {
                ServerError error = ServerError.from(result.path("error"));
                if (error.temporary()) {
                    temporary = true;
                } else {
                    engine.rejected(m, delivery(m, call, now), error);
                }
            }
        }
        if (temporary) {
            retryAtNanos = now + engine.temporaryPauseNanos();
        }
    }

    private static Delivery delivery(BufferedMessage m, FallbackCall call, long now) {
        return new Delivery(m.id(), m.type(), Transport.HTTP, now - call.sentAtNanos, m.createdAtMillis());
    }
}
