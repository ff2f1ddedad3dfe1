package io.switchboard.client.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.ServerError;
import io.switchboard.client.SwitchboardClientException;
import io.switchboard.protocol.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Requests matched to their replies by id, each with a time limit, and those made while the connection was down,
 * written in order once it is back. Used on the client's thread only. At most {@code maxQueued} wait unsent.
 */
final class Requests {
    private final ScheduledExecutorService loop;
    private final Predicate<String> write;
    private final int maxQueued;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private long nextId = 1;

    private static final class Pending {
        final String type;
        final String frame;
        final CompletableFuture<JsonNode> future = new CompletableFuture<>();
        ScheduledFuture<?> timer;
        /** On a socket: its answer dies with that socket. Else queued for the next one. */
        boolean sent;

        Pending(String type, String frame) {
            this.type = type;
            this.frame = frame;
        }
    }

    /** {@code write} puts a frame on the current socket, or returns false when there is none that can take it. */
    Requests(ScheduledExecutorService loop, Predicate<String> write, int maxQueued) {
        this.loop = loop;
        this.write = write;
        this.maxQueued = maxQueued;
    }

    /** Sends {@code {type, id, data}} now or when connected; completes with the reply's {@code data} (null when none). */
    CompletableFuture<JsonNode> request(String type, JsonNode data, long timeoutMillis) {
        String id = "c" + nextId++;
        ObjectNode envelope = Json.object().put("type", type).put("id", id);
        if (data != null) {
            envelope.set("data", data);
        }
        Pending p = new Pending(type, Json.write(envelope));
        p.sent = write.test(p.frame);
        if (!p.sent && queued() >= maxQueued) {
            p.future.completeExceptionally(new SwitchboardClientException("not connected and " + maxQueued + " requests wait already"));
            return p.future;
        }
        pending.put(id, p);
        p.timer = loop.schedule(() -> {
            if (pending.remove(id) != null) {
                p.future.completeExceptionally(new RequestTimeoutException("no answer to " + type + " (" + id + ") within " + timeoutMillis + " ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return p.future;
    }

    private int queued() {
        int n = 0;
        for (Pending p : pending.values()) {
            if (!p.sent) {
                n++;
            }
        }
        return n;
    }

    /** The connection is back: writes what waited, in the order it was asked. */
    void flush() {
        for (Pending p : pending.values()) {
            if (!p.sent) {
                if (!write.test(p.frame)) {
                    return;
                }
                p.sent = true;
            }
        }
    }

    /** Completes the request an {@code ack}, {@code pong} or {@code error} answers; false when it answers none of ours. */
    boolean settle(JsonNode reply) {
        JsonNode id = reply.get("id");
        Pending p = id == null ? null : pending.remove(id.asText());
        if (p == null) {
            return false;
        }
        p.timer.cancel(false);
        if ("error".equals(reply.path("type").asText())) {
            p.future.completeExceptionally(new RequestFailedException(p.type, serverError(reply.path("error"))));
        } else {
            JsonNode data = reply.get("data");
            p.future.complete(data == null || data.isNull() ? null : data);
        }
        return true;
    }

    /** Fails the requests already on the socket that was lost (their answers died with it); queued ones wait. */
    void failSent(RuntimeException error) {
        fail(error, true);
    }

    /** Fails every request (the client stops). */
    void failAll(RuntimeException error) {
        fail(error, false);
    }

    private void fail(RuntimeException error, boolean sentOnly) {
        ArrayList<Pending> failed = new ArrayList<>();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (!sentOnly || p.sent) {
                it.remove();
                p.timer.cancel(false);
                failed.add(p);
            }
        }
        // Completed after the map is settled: a callback may make a new request.
        for (Pending p : failed) {
            p.future.completeExceptionally(error);
        }
    }

    static ServerError serverError(JsonNode error) {
        return new ServerError(error.path("code").asText("unknown"), error.path("message").asText(""),
                error.hasNonNull("field") ? error.get("field").asText() : null, error.path("temporary").asBoolean(false));
    }
}
