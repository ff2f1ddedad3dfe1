package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
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
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The chat-room scenario of the social app: M users (made through the users API, tokens from the development
 * token endpoint) in one conversation, each with a socket on {@code /ws/user/<id>} subscribed to its channel; S of
 * them send {@code send_message} at a combined rate. Every message is stored before it is delivered, so this
 * measures the whole path: validation, membership, the database write, the fan-out. Every phase is bounded.
 */
@Command(name = "chat", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"M members in one conversation, S of them sending; send-to-deliver latency and deliveries/s.",
                "Prints a short table and, last, one JSON line (for chat-report)."})
final class ChatCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server base URL, 127.0.0.1 only (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = {"-m", "--members"}, defaultValue = "1000", description = "Members of the room, each with a socket (default ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--senders", defaultValue = "10", description = "Members that send (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = {"-r", "--rate"}, defaultValue = "20", description = "Messages per second, all senders together (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--warmup", defaultValue = "5s", description = "Sending before the measured window (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "20s", description = "The measured window (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--drain", defaultValue = "10s", description = "Longest wait after the window for late deliveries (default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--hard-stop", defaultValue = "400s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Option(names = "--connect-batch", defaultValue = "100", description = "Members connected at once (default ${DEFAULT-VALUE}).")
    int connectBatch;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "Longest wait for one batch (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--setup-timeout", defaultValue = "120s", description = "Longest wait for one batch of users, tokens or the conversation (default ${DEFAULT-VALUE}).")
    Duration setupTimeout;

    @Option(names = "--server-pid", defaultValue = "0", description = "The server's process id, to report its CPU use (Linux).")
    long serverPid;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        URI base = Phases.loopback(url, "http");
        if (base == null) {
            return 2;
        }
        if (members < 2 || members > 20_000 || senders < 1 || senders > members || rate <= 0 || rate > 10_000
                || connectBatch < 1 || run.threads < 1) {
            System.err.println("bench: --members 2..20000, --senders 1..members, --rate 0..10000, --connect-batch and --threads positive");
            return 2;
        }
        Phases.hardStop(hardStop);
        Vertx vertx = run.vertx();
        try {
            return run(vertx, base);
        } finally {
            try {
                vertx.close().await(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("bench: Vert.x did not close within 10 s");
            }
        }
    }

    private int run(Vertx vertx, URI base) throws Exception {
        Lanes lanes = Lanes.deploy(vertx, run.threads);
        long timeout = connectTimeout.toMillis();
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort()),
                new PoolOptions().setHttp1MaxSize(50));
        long setupStart = System.nanoTime();
        long setup = setupTimeout.toMillis();
        String admin = DevTokens.fetch(http, List.of("bench-admin"), setup).get("bench-admin");
        List<String> ids = createUsers(http, admin, setup);
        Map<String, String> tokens = DevTokens.fetch(http, ids, setup);
        long conversation = createConversation(http, tokens.get(ids.get(0)), ids, setup);
        System.err.printf(java.util.Locale.ROOT, "bench: %d users and conversation %d made in %.1f s%n", ids.size(), conversation,
                (System.nanoTime() - setupStart) / 1e9);

        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(members + 16)
                .setConnectTimeout((int) timeout).setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setConnectTimeout(timeout);
        DeliveryStats stats = new DeliveryStats();
        long connectStart = System.nanoTime();
        List<ChatMember> ready = new ArrayList<>();
        List<ChatMember> all = new ArrayList<>();
        for (int from = 0; from < members; from += connectBatch) {
            List<ChatMember> batch = new ArrayList<>();
            List<Future<Void>> opening = new ArrayList<>();
            for (int i = from; i < Math.min(members, from + connectBatch); i++) {
                ChatMember m = new ChatMember(lanes.get(i), stats, ids.get(i), tokens.get(ids.get(i)), conversation, senders);
                batch.add(m);
                opening.add(m.open(ws, connect, timeout));
            }
            try {
                Future.join(opening).await(timeout + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // counted below
            }
            for (int i = 0; i < batch.size(); i++) {
                if (opening.get(i).succeeded()) {
                    ready.add(batch.get(i));
                }
            }
            all.addAll(batch);
            System.err.printf("bench: %d/%d members subscribed%n", ready.size(), all.size());
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        if (ready.size() < senders) {
            System.err.println("bench: fewer members subscribed than --senders; is the server up with the social app?");
            return 1;
        }

        CpuSampler cpu = new CpuSampler(serverPid);
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + duration.toNanos();
        stats.window(start, end);
        System.err.printf(java.util.Locale.ROOT, "bench: %d senders at %.1f msg/s in all, warm-up %s, measuring %s%n", senders, rate,
                Durations.format(warmup), Durations.format(duration));
        for (int s = 0; s < senders; s++) {
            ready.get(s).send(s, rate / senders, end);
        }
        Phases.sleepUntil(start);
        CpuSampler.Sample cpuStart = cpu.sample();
        Phases.sleepUntil(end);
        CpuSampler.Sample cpuEnd = cpu.sample();
        long arrived = stats.arrivedInWindow.sum();

        long drainUntil = System.nanoTime() + drain.toNanos();
        Totals sent = totals(ready.subList(0, senders));
        while (System.nanoTime() < drainUntil && stats.receivedOfWindow.sum() < sent.sentInWindow * (long) stats.live.get()) {
            Thread.sleep(50);
        }
        sent = totals(ready.subList(0, senders));
        long expected = sent.sentInWindow * ready.size();
        long received = stats.receivedOfWindow.sum();
        FanoutResult.Latency latency = FanoutResult.Latency.of(stats.latency());
        Map<Integer, Long> closes = stats.serverCloses();
        CpuSampler.Usage cpuUsage = CpuSampler.between(cpuStart, cpuEnd);

        stats.stopping();
        List<Future<Void>> closing = new ArrayList<>();
        all.forEach(m -> closing.add(m.close()));
        try {
            Future.join(closing).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket closed within 10 s");
        }

        double seconds = duration.toNanos() / 1e9;
        ChatResult result = new ChatResult("chat", run.label(this::defaultLabel),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), members, ready.size(), senders,
                rate, Math.round(connectSeconds * 10) / 10.0, sent.sentInWindow, Math.round(sent.sentInWindow / seconds * 10) / 10.0,
                sent.sent, sent.acked, sent.errors, expected, received, Math.round(arrived / seconds * 10) / 10.0,
                stats.gaps.sum(), stats.duplicates.sum(), latency, FanoutResult.Latency.of(sent.ackMicros), closes,
                FanoutResult.Cpu.of(cpuUsage));
        String json = JSON.writeValueAsString(result);
        run.publish(result.humanTable(), json);
        return 0;
    }

    private record Totals(long sent, long sentInWindow, long acked, Histogram ackMicros, Map<String, Long> errors) {
    }

    private static Totals totals(List<ChatMember> senders) throws Exception {
        long sent = 0;
        long inWindow = 0;
        long acked = 0;
        Histogram ack = new Histogram(3);
        Map<String, Long> errors = new TreeMap<>();
        for (ChatMember m : senders) {
            ChatMember.Sent s = m.sent().await(10, TimeUnit.SECONDS);
            sent += s.sent();
            inWindow += s.sentInWindow();
            acked += s.acked();
            ack.add(s.ackMicros());
            s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
        }
        return new Totals(sent, inWindow, acked, ack, errors);
    }

    /** Makes the members through the users API, 50 requests at a time; returns their ids. */
    private List<String> createUsers(HttpClient http, String token, long timeout) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < members; from += 50) {
            List<Future<String>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(members, from + 50); i++) {
                batch.add(post(http, token, "/api/users/", "{\"first_name\":\"Member\",\"last_name\":\"" + i + "\"}", 201)
                        .map(n -> n.path("id").asText()));
            }
            Future.all(batch).await(timeout, TimeUnit.MILLISECONDS);
            batch.forEach(f -> ids.add(f.result()));
        }
        return ids;
    }

    private static long createConversation(HttpClient http, String token, List<String> ids, long timeout) throws Exception {
        // The creator (the first member, whose token this is) is a member without being listed.
        StringBuilder body = new StringBuilder("{\"title\":\"bench room\",\"member_ids\":[");
        for (int i = 1; i < ids.size(); i++) {
            body.append(i == 1 ? "" : ",").append(ids.get(i));
        }
        body.append("]}");
        return post(http, token, "/api/chat/conversations/", body.toString(), 201).await(timeout, TimeUnit.MILLISECONDS)
                .path("id").asLong();
    }

    private static Future<JsonNode> post(HttpClient http, String token, String path, String body, int expect) {
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + token);
        return http.request(post).compose(r -> r.send(Buffer.buffer(body))).compose(r -> r.body().map(b -> {
            if (r.statusCode() != expect) {
                throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + b);
            }
            try {
                return JSON.readTree(b.getBytes());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private String defaultLabel() {
        return String.format(java.util.Locale.ROOT, "%,d members, %d senders, %s msg/s", members, senders, FanoutResult.fmt(rate));
    }
}
