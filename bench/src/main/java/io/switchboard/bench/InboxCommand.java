package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The inbox scenario (issue 6). {@code delivery}: U users hold a socket each on {@code /ws/user/<user>}; a backend
 * emits events to them round-robin with {@code POST /api/inbox/events} (arrays of B, W requests in flight) as fast
 * as the server commits; we count committed and delivered events per second and the emit-to-receive latency.
 * {@code replay}: U users each have N stored events; their sockets connect with {@code last_seq=0} at once and we
 * time the replay. {@code push}: as delivery, but the events are transient ({@code POST /api/inbox/push}, nothing
 * stored), numbered per user by the backend ({@link PushEmitter}); it compares the server's CPU per delivered event
 * with the Netty baseline's (issue 12). All check every socket's stream: no gap, no duplicate, nothing out of order,
 * nothing lost. Tokens come from the development token endpoint, so the server must run in development mode (the
 * default; the baseline ignores tokens). 127.0.0.1 only.
 */
@Command(name = "inbox", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Per-user events: delivery rate of stored events (emit to receive), replay rate after a reconnect,",
                "or delivery rate of transient events (push).",
                "Prints a short table and, last, one JSON line (for inbox-report)."})
final class InboxCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { DELIVERY, REPLAY, PUSH }

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server base URL, 127.0.0.1 only (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--api-key-file", required = true, description = "The server's API key (<data-dir>/api-key in development mode).")
    Path apiKeyFile;

    @Option(names = "--mode", defaultValue = "DELIVERY", description = "delivery, replay or push (default delivery).")
    Mode mode;

    @Option(names = {"-u", "--users"}, defaultValue = "100", description = "Users, one socket each (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = {"-b", "--batch"}, defaultValue = "100", description = "Events per POST, 1..500 (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = {"-w", "--window"}, defaultValue = "4", description = "POSTs in flight (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = {"-n", "--missed"}, defaultValue = "10000", description = "Replay: stored events per user before it connects (default ${DEFAULT-VALUE}).")
    int missed;

    @Option(names = "--ack-every", defaultValue = "100ms", description = "Each socket acks its highest seq this often; 0 never; push never acks (default ${DEFAULT-VALUE}).")
    Duration ackEvery;

    @Option(names = "--warmup", defaultValue = "5s", description = "Delivery, push: emitting before the measured window (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "15s", description = "Delivery, push: the measured window (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--hard-stop", defaultValue = "150s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "Longest wait for tokens and connections (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--server-pid", defaultValue = "0", description = "The server's process id, to report its CPU use (Linux).")
    long serverPid;

    @Mixin
    RunOptions run;

    private final Emitted emitted = new Emitted();
    private String apiKey;
    private String prefix;

    @Override
    public Integer call() throws Exception {
        URI base = Phases.loopback(url, "http");
        if (base == null) {
            return 2;
        }
        if (users < 1 || users > 20_000 || batch < 1 || batch > 500 || window < 1 || window > 64 || missed < 1
                || missed > 1_000_000 || run.threads < 1) {
            System.err.println("bench: --users 1..20000, --batch 1..500, --window 1..64, --missed 1..1000000, --threads >= 1");
            return 2;
        }
        apiKey = Files.readString(apiKeyFile, StandardCharsets.US_ASCII).trim();
        prefix = "bench" + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36, 36L * 36 * 36 * 36 * 36), 36) + "-";
        Phases.hardStop(hardStop);
        Vertx vertx = run.vertx();
        try {
            return run(vertx, base);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private int run(Vertx vertx, URI base) throws Exception {
        Lanes lanes = Lanes.deploy(vertx, run.threads);
        long timeout = connectTimeout.toMillis();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
                .setConnectTimeout((int) timeout), new PoolOptions().setHttp1MaxSize(Math.max(8, window + 4)));
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(users + 16)
                .setConnectTimeout((int) timeout).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setConnectTimeout(timeout);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            names.add(prefix + i);
        }
        Map<String, String> tokens = DevTokens.fetch(http, names, timeout);
        return mode == Mode.REPLAY ? replay(vertx, lanes, http, ws, connect, names, tokens)
                : live(lanes, http, ws, connect, names, tokens);
    }

    /** Delivery and push: events emitted while the sockets are open, for warm-up + duration, then a drain. */
    private int live(Lanes lanes, HttpClient http, WebSocketClient ws, WebSocketConnectOptions connect,
                     List<String> names, Map<String, String> tokens) throws Exception {
        List<InboxConn> conns = open(lanes, ws, connect, names, tokens, null);
        if (conns.isEmpty()) {
            return 1;
        }
        CpuSampler cpu = new CpuSampler(serverPid);
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + duration.toNanos();
        conns.forEach(c -> c.window(start, end));
        List<String> ready = conns.stream().map(InboxConn::user).toList();
        List<Future<Void>> loops = new ArrayList<>();
        if (mode == Mode.PUSH) {
            loops.addAll(PushEmitter.start(lanes, http, apiKey, ready, window, batch, emitted, start, end));
        } else {
            AtomicLong counter = new AtomicLong();
            for (int i = 0; i < window; i++) {
                loops.add(emitLoop(lanes.get(i), http, ready, counter, start, end));
            }
        }
        Phases.sleepUntil(start);
        CpuSampler.Sample cpuStart = cpu.sample();
        Phases.sleepUntil(end);
        CpuSampler.Sample cpuEnd = cpu.sample();
        Future.join(loops).await(30, TimeUnit.SECONDS);
        drain(conns, 10_000);
        return report(conns, FanoutResult.Cpu.of(CpuSampler.between(cpuStart, cpuEnd)), duration.toNanos() / 1e9, 0, 0, 0);
    }

    private int replay(Vertx vertx, Lanes lanes, HttpClient http, WebSocketClient ws, WebSocketConnectOptions connect,
                       List<String> names, Map<String, String> tokens) throws Exception {
        // A warm-up replay of another user, so that the measured one runs on warm code.
        String warm = prefix + "warm";
        Map<String, String> warmToken = DevTokens.fetch(http, List.of(warm), connectTimeout.toMillis());
        fill(lanes, http, List.of(warm), Math.min(missed, 5_000));
        List<InboxConn> warmConn = open(lanes, ws, connect, List.of(warm), warmToken, 0L);
        drain(warmConn, 60_000);
        warmConn.forEach(InboxConn::close);

        fill(lanes, http, names, missed);
        emitted.resetCounts();
        CpuSampler cpu = new CpuSampler(serverPid);
        CpuSampler.Sample cpuStart = cpu.sample();
        long started = System.nanoTime();
        List<InboxConn> conns = open(lanes, ws, connect, names, tokens, 0L);
        drain(conns, hardStop.toMillis());
        CpuSampler.Sample cpuEnd = cpu.sample();
        long first = Long.MAX_VALUE;
        long last = 0;
        for (InboxConn c : conns) {
            InboxConn.Snapshot s = c.snapshot().await(10, TimeUnit.SECONDS);
            if (s.firstAt() > 0) {
                first = Math.min(first, s.firstAt());
            }
            last = Math.max(last, s.lastAt());
        }
        double seconds = Math.max(1e-6, (last - started) / 1e9);
        double firstMillis = first == Long.MAX_VALUE ? -1 : Math.round((first - started) / 1e4) / 100.0;
        return report(conns, FanoutResult.Cpu.of(CpuSampler.between(cpuStart, cpuEnd)), seconds, seconds, firstMillis,
                (double) missed * conns.size() / seconds);
    }

    private int report(List<InboxConn> conns, FanoutResult.Cpu cpu, double seconds, double replaySeconds, double firstMillis,
                       double replayed) throws Exception {
        long delivered = 0;
        long deliveredInWindow = 0;
        long gaps = 0;
        long dups = 0;
        long outOfOrder = 0;
        long lost = 0;
        Histogram latency = new Histogram(3);
        Map<Integer, Long> closes = new TreeMap<>();
        for (InboxConn c : conns) {
            InboxConn.Snapshot s = c.snapshot().await(10, TimeUnit.SECONDS);
            delivered += s.received();
            deliveredInWindow += s.receivedInWindow();
            gaps += s.gaps();
            dups += s.duplicates();
            outOfOrder += s.outOfOrder();
            lost += Math.max(0, emitted.highest(c.user()) - s.last());
            latency.add(s.latencyMicros());
            if (s.closedWith() != null) {
                closes.merge(s.closedWith(), 1L, Long::sum);
            }
        }
        List<Future<Void>> closing = new ArrayList<>();
        conns.forEach(c -> closing.add(c.close()));
        try {
            Future.join(closing).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket closed within 10 s");
        }
        boolean live = mode != Mode.REPLAY;
        InboxResult result = new InboxResult("inbox", mode.name().toLowerCase(java.util.Locale.ROOT), run.label(this::defaultLabel),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), users, conns.size(), batch, window,
                Math.round(seconds * 100) / 100.0, emitted.taken(), emitted.takenInWindow(),
                live ? Math.round(emitted.takenInWindow() / seconds * 10) / 10.0 : 0, delivered, deliveredInWindow,
                live ? Math.round(deliveredInWindow / seconds * 10) / 10.0 : 0, live ? 0 : missed,
                Math.round(replaySeconds * 1000) / 1000.0, firstMillis, Math.round(replayed * 10) / 10.0, gaps, dups, outOfOrder,
                lost, emitted.errors(), FanoutResult.Latency.of(latency), closes, cpu);
        String json = JSON.writeValueAsString(result);
        run.publish(result.humanTable(), json);
        return gaps == 0 && dups == 0 && outOfOrder == 0 && lost == 0 ? 0 : 4;
    }

    /** One emitter: POSTs a batch, and the next when it is answered, until {@code end}. */
    private Future<Void> emitLoop(Context lane, HttpClient http, List<String> targets, AtomicLong counter, long start, long end) {
        Promise<Void> done = Promise.promise();
        lane.runOnContext(v -> emitNext(http, targets, counter, start, end, done));
        return done.future();
    }

    private void emitNext(HttpClient http, List<String> targets, AtomicLong counter, long start, long end, Promise<Void> done) {
        long t = System.nanoTime();
        if (t >= end) {
            done.tryComplete();
            return;
        }
        StringBuilder body = new StringBuilder(batch * 80).append('[');
        for (int i = 0; i < batch; i++) {
            String user = targets.get((int) (counter.getAndIncrement() % targets.size()));
            body.append(i == 0 ? "" : ",").append("{\"user_id\":\"").append(user)
                    .append("\",\"type\":\"bench\",\"data\":{\"t\":").append(t).append("}}");
        }
        post(http, body.append(']').toString()).onComplete(ar -> {
            if (ar.succeeded()) {
                long n = ar.result();
                emitted.taken(n, t >= start && t < end);
            } else {
                emitted.error(ar.cause().getMessage());
            }
            emitNext(http, targets, counter, start, end, done);
        });
    }

    /** Stores {@code count} events for each user (arrays of 500, {@code window} requests in flight). */
    private void fill(Lanes lanes, HttpClient http, List<String> targets, int count) throws Exception {
        AtomicLong left = new AtomicLong((long) count * targets.size());
        AtomicLong counter = new AtomicLong();
        List<Future<Void>> loops = new ArrayList<>();
        for (int i = 0; i < window; i++) {
            Promise<Void> done = Promise.promise();
            lanes.get(i).runOnContext(v -> fillNext(http, targets, counter, left, done));
            loops.add(done.future());
        }
        Future.all(loops).await(hardStop.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fillNext(HttpClient http, List<String> targets, AtomicLong counter, AtomicLong left, Promise<Void> done) {
        long take = Math.min(500, left.getAndAdd(-500));
        if (take <= 0) {
            done.tryComplete();
            return;
        }
        StringBuilder body = new StringBuilder((int) take * 60).append('[');
        for (int i = 0; i < take; i++) {
            String user = targets.get((int) (counter.getAndIncrement() % targets.size()));
            body.append(i == 0 ? "" : ",").append("{\"user_id\":\"").append(user).append("\",\"type\":\"bench\",\"data\":{\"t\":0}}");
        }
        post(http, body.append(']').toString()).onComplete(ar -> {
            if (ar.failed()) {
                done.tryFail(ar.cause());
            } else {
                fillNext(http, targets, counter, left, done);
            }
        });
    }

    /** POSTs an array of events; completes with how many were committed (and records each user's highest seq). */
    private Future<Long> post(HttpClient http, String body) {
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/inbox/events")
                .putHeader("Content-Type", "application/json").putHeader("X-Api-Key", apiKey);
        return http.request(post).compose(r -> r.send(Buffer.buffer(body))).compose(r -> r.body().map(b -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + r.statusCode());
            }
            long n = 0;
            try {
                for (JsonNode result : JSON.readTree(b.getBytes()).path("results")) {
                    if (result.has("seq")) {
                        n++;
                        emitted.reached(result.path("user_id").asText(), result.get("seq").asLong());
                    } else {
                        emitted.error(result.at("/error/code").asText("unknown"));
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            return n;
        }));
    }

    private List<InboxConn> open(Lanes lanes, WebSocketClient ws, WebSocketConnectOptions connect, List<String> names,
                                 Map<String, String> tokens, Long lastSeq) {
        List<InboxConn> conns = new ArrayList<>();
        List<Future<Void>> opening = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            InboxConn c = mode == Mode.PUSH ? new InboxConn(lanes.get(i), InboxConn.Events.PUSHED, names.get(i), tokens.get(names.get(i)), 0)
                    : new InboxConn(lanes.get(i), InboxConn.Events.STORED, names.get(i), tokens.get(names.get(i)), ackEvery.toMillis());
            conns.add(c);
            opening.add(c.open(ws, connect, lastSeq, connectTimeout.toMillis()));
        }
        try {
            Future.join(opening).await(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // counted below
        }
        List<InboxConn> ready = new ArrayList<>();
        for (int i = 0; i < conns.size(); i++) {
            if (opening.get(i).succeeded()) {
                ready.add(conns.get(i));
            }
        }
        System.err.printf("bench: %d/%d user sockets ready%n", ready.size(), names.size());
        return ready;
    }

    /** Waits until every socket received its user's highest event number the server took, or the timeout. */
    private void drain(List<InboxConn> conns, long timeoutMillis) {
        List<Future<Void>> reached = new ArrayList<>();
        for (InboxConn c : conns) {
            reached.add(c.reach(emitted.highest(c.user())));
        }
        try {
            Future.all(reached).await(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket received every event within " + timeoutMillis + " ms");
        }
    }


    private String defaultLabel() {
        return mode != Mode.REPLAY
                ? (mode == Mode.PUSH ? "push: " : "") + String.format(java.util.Locale.ROOT, "%,d users, batches of %d, %d in flight", users, batch, window)
                : String.format(java.util.Locale.ROOT, "%,d user%s × %,d missed events", users, users == 1 ? "" : "s", missed);
    }


}
