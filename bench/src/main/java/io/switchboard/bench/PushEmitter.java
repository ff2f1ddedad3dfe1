package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * One backend loop of the inbox scenario's push mode: POSTs arrays of transient events to {@code /api/inbox/push},
 * the next when the answer comes. Each event is {@code {"n": <the user's counter>, "t": <System.nanoTime()>}}.
 *
 * <p>A user's events all come from one emitter: the server keeps a user's order within a request and between
 * requests that follow each other, but two requests in flight at once are two concurrent backends, whose events it
 * may interleave either way; counting that as out of order would blame the server for the benchmark's concurrency.
 * So the users are dealt out over the emitters, and each emitter has one request in flight. State is touched only
 * on the emitter's lane.
 */
final class PushEmitter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final RequestOptions post;
    private final List<String> users;
    private final long[] next;
    /** Each user's highest number the server accepted; told to {@link Emitted} once, when the emitter stops. */
    private final long[] accepted;
    private final int batch;
    private final Emitted emitted;
    private final long start;
    private final long end;
    private final Promise<Void> done = Promise.promise();
    private int cursor;

    private PushEmitter(HttpClient http, String apiKey, List<String> users, int batch, Emitted emitted, long start, long end) {
        this.http = http;
        this.post = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/inbox/push")
                .putHeader("Content-Type", "application/json").putHeader("X-Api-Key", apiKey);
        this.users = users;
        this.next = new long[users.size()];
        this.accepted = new long[users.size()];
        this.batch = batch;
        this.emitted = emitted;
        this.start = start;
        this.end = end;
    }

    /**
     * Starts {@code min(emitters, users)} emitters, user {@code i} on emitter {@code i mod emitters}, posting until
     * {@code end} ({@code System.nanoTime()}); each future completes when its emitter's last answer came.
     */
    static List<Future<Void>> start(Lanes lanes, HttpClient http, String apiKey, List<String> users, int emitters, int batch,
                                    Emitted emitted, long start, long end) {
        int n = Math.min(emitters, users.size());
        List<Future<Void>> loops = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> mine = new ArrayList<>();
            for (int u = i; u < users.size(); u += n) {
                mine.add(users.get(u));
            }
            PushEmitter e = new PushEmitter(http, apiKey, mine, batch, emitted, start, end);
            Context lane = lanes.get(i);
            lane.runOnContext(v -> e.postNext());
            loops.add(e.done.future());
        }
        return loops;
    }

    private void postNext() {
        long t = System.nanoTime();
        if (t >= end) {
            for (int u = 0; u < users.size(); u++) {
                emitted.reached(users.get(u), accepted[u]);
            }
            done.tryComplete();
            return;
        }
        int[] who = new int[batch];
        long[] numbers = new long[batch];
        StringBuilder body = new StringBuilder(batch * 80).append('[');
        for (int i = 0; i < batch; i++) {
            int u = cursor;
            cursor = (cursor + 1) % users.size();
            who[i] = u;
            numbers[i] = ++next[u];
            body.append(i == 0 ? "" : ",").append("{\"user_id\":\"").append(users.get(u))
                    .append("\",\"type\":\"bench\",\"data\":{\"n\":").append(numbers[i]).append(",\"t\":").append(t).append("}}");
        }
        http.request(post).compose(r -> r.send(Buffer.buffer(body.append(']').toString()))).compose(r -> r.body().map(b -> {
            if (r.statusCode() != 202) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            try {
                return JSON.readTree(b.getBytes()).path("accepted").asLong();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        })).onComplete(ar -> {
            if (ar.succeeded()) {
                emitted.taken(ar.result(), t >= start);
                for (int i = 0; i < batch; i++) {
                    accepted[who[i]] = numbers[i];
                }
            } else {
                // Nothing of a refused request was pushed: its numbers show as gaps, and here as the reason.
                emitted.error(ar.cause().getMessage());
            }
            postNext();
        });
    }
}
