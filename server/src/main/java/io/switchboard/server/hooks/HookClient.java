package io.switchboard.server.hooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.protocol.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Calls the backend's hooks: one POST of JSON per call, without blocking, on a pool of kept-alive connections.
 *
 * <p>Three bounds keep a slow or dead backend from costing the node more than a refusal: at most
 * {@code maxInFlight} calls at once (one more fails at once with {@link HookUnavailable}, nothing queues), each call
 * within {@code timeout} (retry included; then the request is reset), and an answer of at most {@link #MAX_ANSWER_BYTES}.
 * A call refused at connect time is tried once more after {@link #RETRY_DELAY_MILLIS} when its {@link HookKind} allows.
 *
 * <p>The future completes on the caller's context (its event loop) when it has one.
 */
public final class HookClient {
    /** The largest answer read; a longer one is garbage. */
    public static final int MAX_ANSWER_BYTES = 1 << 20;
    static final long RETRY_DELAY_MILLIS = 50;

    private final Vertx vertx;
    private final HttpClientAgent http;
    private final Duration timeout;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** A client with its own connection pool, sized to the in-flight bound. */
    public HookClient(Vertx vertx, Duration timeout, int maxInFlight, MeterRegistry registry) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.maxInFlight = maxInFlight;
        this.registry = registry;
        this.http = vertx.httpClientBuilder()
                .with(new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())))
                .with(new PoolOptions().setHttp1MaxSize(Math.min(maxInFlight, 64)).setMaxWaitQueueSize(maxInFlight))
                .build();
        Gauge.builder("switchboard_hook_calls_in_flight", inFlight, AtomicInteger::get)
                .description("backend hook calls waiting for their answer on this node").register(registry);
    }

    /** Calls in flight now. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * POSTs {@code body} to {@code url} with the client's passed-on {@code headers} (name to value; may be null), and
     * reads the answer. Fails with {@link HookUnavailable} when the backend is down, slow, busy or answers garbage.
     */
    public Future<HookAnswer> call(HookKind kind, String url, ObjectNode body, Map<String, String> headers) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            count(kind, "busy");
            return Future.failedFuture(HookUnavailable.busy(kind, maxInFlight));
        }
        Context caller = Vertx.currentContext();
        Promise<HookAnswer> done = Promise.promise();
        AtomicReference<HttpClientRequest> current = new AtomicReference<>();
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (done.tryFail(HookUnavailable.timedOut(kind, timeout))) {
                HttpClientRequest request = current.get();
                if (request != null) {
                    request.reset();
                }
            }
        });
        Buffer payload = Buffer.buffer(Json.bytes(body));
        attempt(kind, url, payload, headers, current, done, kind.retryWhenRefused());
        Promise<HookAnswer> out = Promise.promise();
        done.future().onComplete(ar -> {
            vertx.cancelTimer(timer);
            inFlight.decrementAndGet();
            count(kind, ar.succeeded() ? outcome(ar.result())
                    : ar.cause() instanceof HookUnavailable u ? u.outcome() : "down");
            if (caller == null || Vertx.currentContext() == caller) {
                out.handle(ar);
            } else {
                caller.runOnContext(v -> out.handle(ar));
            }
        });
        return out.future();
    }

    private void attempt(HookKind kind, String url, Buffer payload, Map<String, String> headers,
                         AtomicReference<HttpClientRequest> current, Promise<HookAnswer> done, boolean mayRetry) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "application/json");
        if (headers != null) {
            headers.forEach(options::putHeader);
        }
        http.request(options).compose(request -> {
            current.set(request);
            if (done.future().isComplete()) {
                request.reset();
                return Future.failedFuture("timed out");
            }
            return request.send(payload);
        }).compose(response -> read(kind, response)).onComplete(ar -> {
            if (ar.succeeded()) {
                done.tryComplete(ar.result());
            } else if (mayRetry && ar.cause() instanceof ConnectException && !done.future().isComplete()) {
                vertx.setTimer(RETRY_DELAY_MILLIS, t -> {
                    if (!done.future().isComplete()) {
                        attempt(kind, url, payload, headers, current, done, false);
                    }
                });
            } else if (ar.cause() instanceof HookUnavailable u) {
                done.tryFail(u);
            } else {
                done.tryFail(HookUnavailable.down(kind, ar.cause()));
            }
        });
    }

    /** The answer's body, read up to {@link #MAX_ANSWER_BYTES}, parsed; a status other than 200 is garbage. */
    private static Future<HookAnswer> read(HookKind kind, HttpClientResponse response) {
        Promise<HookAnswer> answer = Promise.promise();
        if (response.statusCode() != 200) {
            response.request().reset();
            return Future.failedFuture(HookUnavailable.garbage(kind, "HTTP status " + response.statusCode()));
        }
        Buffer body = Buffer.buffer();
        response.handler(chunk -> {
            if (body.length() + chunk.length() > MAX_ANSWER_BYTES) {
                if (answer.tryFail(HookUnavailable.garbage(kind, "longer than " + MAX_ANSWER_BYTES + " bytes"))) {
                    response.request().reset();
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        response.exceptionHandler(answer::tryFail);
        response.endHandler(v -> {
            try {
                answer.tryComplete(HookAnswer.parse(kind, body.getBytes()));
            } catch (HookUnavailable e) {
                answer.tryFail(e);
            }
        });
        return answer.future();
    }

    private static String outcome(HookAnswer answer) {
        return answer.result() != null ? "result" : answer.refusal() != null ? "error" : "disconnect";
    }

    private void count(HookKind kind, String outcome) {
        counters.computeIfAbsent(kind.label() + "/" + outcome, k -> Counter.builder("switchboard_hook_calls_total")
                .description("backend hook calls by hook and outcome: result, error, disconnect, timeout, busy, down, garbage")
                .tag("hook", kind.label()).tag("outcome", outcome).register(registry)).increment();
    }

    /** Closes the connection pool. */
    public Future<Void> close() {
        return http.close();
    }
}
