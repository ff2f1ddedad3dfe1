package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The wire scenario (issue 17): a document channel, a JSON document of about 2 KB republished whole with one field
 * changing, fanned out to S subscribers that all ask for one {@link WireSubscriber.Mode}: plain JSON, JSON under
 * permessage-deflate, MessagePack, or Fossil deltas. Measures what each delivery costs: the bytes the subscribers'
 * TCP sockets read per publication received (frame headers included, compressed as carried), and the server's CPU
 * per delivery over the same window. The rate is fixed and low, so that the server is far from saturated and the
 * CPU it uses is what the deliveries cost, not what a backlog does.
 */
@Command(name = "wire", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Bytes on the wire and server CPU per delivery of a 2 KB document channel, per mode.",
                "Prints a short table, a Markdown row, and, last, one JSON line."})
final class WireCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", description = "Server socket URL, 127.0.0.1 only (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", required = true, description = "A file holding a JWT the server accepts (every socket uses it).")
    Path tokenFile;

    @Option(names = "--mode", defaultValue = "JSON",
            description = {"What the subscribers ask for: json (nothing), deflate (permessage-deflate; the server needs",
                    "websocket-compression=on), msgpack (sub-protocol switchboard.msgpack), delta (subscribe with",
                    "delta: \"fossil\"; the channel's namespace needs delta = fossil). Default json."})
    WireSubscriber.Mode mode;

    @Option(names = {"-s", "--subscribers"}, defaultValue = "100", description = "Subscriber sockets (default ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-r", "--rate"}, defaultValue = "20", description = "Publications per second (default ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--doc-bytes", defaultValue = "2048", description = "Size of the document's JSON (default ${DEFAULT-VALUE}).")
    int docBytes;

    @Option(names = "--channel", defaultValue = "docs:wire", description = "Channel (default ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--warmup", defaultValue = "5s", description = "Publishing before the measured window (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "20s", description = "The measured window (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--connect-batch", defaultValue = "100", description = "Subscribers connected at once (default ${DEFAULT-VALUE}).")
    int connectBatch;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "Longest wait for one batch (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--hard-stop", defaultValue = "150s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Option(names = "--server-pid", paramLabel = "PID", description = "The server's process id, to read its CPU time (Linux).")
    long serverPid;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        URI uri = Phases.loopback(url, "ws");
        if (uri == null) {
            return 2;
        }
        if (subscribers < 1 || rate < 1 || rate > 1000 || docBytes < 64 || connectBatch < 1) {
            System.err.println("bench: --subscribers and --connect-batch must be positive, --rate 1 to 1000, --doc-bytes at least 64");
            return 2;
        }
        Phases.hardStop(hardStop);
        String jwt = Files.readString(tokenFile, StandardCharsets.US_ASCII).trim();
        String host = uri.getHost().replace("[", "").replace("]", "");
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + "?token=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8);
        Vertx vertx = run.vertx();
        try {
            return run(vertx, host, uri.getPort(), path);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private int run(Vertx vertx, String host, int port, String path) throws Exception {
        Lanes lanes = Lanes.deploy(vertx, run.threads);
        NetClient net = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis()));
        WireStats stats = new WireStats();
        List<WireSubscriber> subs = new ArrayList<>(subscribers);
        int ready = 0;
        String firstFailure = null;
        for (int from = 0; from < subscribers; from += connectBatch) {
            int to = Math.min(subscribers, from + connectBatch);
            List<Future<Void>> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                WireSubscriber s = new WireSubscriber(lanes.get(i), stats, mode, channel);
                subs.add(s);
                batch.add(s.open(net, host, port, path, connectTimeout.toMillis()));
            }
            try {
                Future.join(batch).await(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // counted below
            }
            for (Future<Void> f : batch) {
                if (f.succeeded()) {
                    ready++;
                } else if (firstFailure == null) {
                    firstFailure = f.cause() == null ? "timed out" : f.cause().getMessage();
                }
            }
            System.err.printf("bench: %d/%d subscribers ready%s%n", ready, to, firstFailure == null ? "" : " (first failure: " + firstFailure + ")");
        }
        if (ready == 0) {
            System.err.println("bench: no subscriber could subscribe: " + firstFailure);
            return 1;
        }
        long agreed = subs.stream().filter(WireSubscriber::deflateAgreed).count();
        if (mode == WireSubscriber.Mode.DEFLATE && agreed == 0) {
            System.err.println("bench: the server agreed to no permessage-deflate; start it with --set websocket-compression=on");
            return 1;
        }

        WireDocument doc = new WireDocument(docBytes);
        Publisher publisher = new Publisher(vertx, doc, channel);
        publisher.open(host, port, path).await(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        CpuSampler cpu = new CpuSampler(serverPid);
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + duration.toNanos();
        stats.window(start, end);
        System.err.printf(Locale.ROOT, "bench: publishing a %d-byte document %d/s to %d %s subscribers, warm-up %s, measuring %s%n",
                doc.size(), rate, ready, mode.name().toLowerCase(Locale.ROOT), Durations.format(warmup), Durations.format(duration));
        publisher.start(rate);
        Phases.sleepUntil(start);
        CpuSampler.Sample cpuStart = cpu.sample();
        long publishedAtStart = publisher.published.get();
        Phases.sleepUntil(end);
        CpuSampler.Sample cpuEnd = cpu.sample();
        long publishedInWindow = publisher.published.get() - publishedAtStart;
        publisher.stop();
        // Deliveries of the window's last publications may still be on their way: they are not counted either way.
        Thread.sleep(500);

        long deliveries = stats.deliveriesInWindow.sum();
        long bytes = stats.bytesInWindow.sum();
        CpuSampler.Usage usage = CpuSampler.between(cpuStart, cpuEnd);
        double seconds = duration.toNanos() / 1e9;
        double serverCpuSeconds = usage == null || Double.isNaN(usage.server()) ? Double.NaN : usage.server() / 100 * seconds;
        double bytesPerDelivery = deliveries == 0 ? Double.NaN : (double) bytes / deliveries;
        double cpuMicrosPerDelivery = deliveries == 0 ? Double.NaN : serverCpuSeconds * 1e6 / deliveries;

        List<Future<Void>> closing = new ArrayList<>();
        for (WireSubscriber s : subs) {
            closing.add(s.close());
        }
        closing.add(publisher.close());
        try {
            Future.join(closing).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket closed within 10 s");
        }

        String label = run.label(() -> mode.name().toLowerCase(Locale.ROOT));
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("scenario", "wire").put("label", label).put("mode", mode.name().toLowerCase(Locale.ROOT))
                .put("subscribers", subscribers).put("ready", ready).put("deflateAgreed", agreed)
                .put("docBytes", doc.size()).put("rate", rate).put("seconds", seconds)
                .put("publishedInWindow", publishedInWindow).put("expectedDeliveries", publishedInWindow * ready)
                .put("deliveries", deliveries).put("compressedFrames", stats.compressedFrames.sum())
                .put("badFrames", stats.badFrames.sum()).put("publishErrors", publisher.errors.get())
                .put("wireBytes", bytes).put("bytesPerDelivery", round(bytesPerDelivery))
                .put("serverCpuPercent", usage == null ? Double.NaN : round(usage.server()))
                .put("serverCpuMicrosPerDelivery", round(cpuMicrosPerDelivery))
                .put("machineBusyPercent", usage == null ? Double.NaN : round(usage.machineBusyPercent()));
        json.putPOJO("closes", stats.closes());
        String table = String.format(Locale.ROOT, """
                wire: %s, %d/%d subscribers, a %d-byte document at %d/s, %.0f s measured
                  publications in window   %d (expected deliveries %d, got %d; %d compressed frames, %d bad frames, %d publish errors)
                  bytes on the wire        %d (%.1f per delivery; the document alone is %d)
                  server CPU               %.1f %% of a core, %.2f us per delivery (machine busy %.0f %%)
                  closes by the server     %s
                | %s | %d | %d | %.0f | %.2f |""",
                label, ready, subscribers, doc.size(), rate, seconds,
                publishedInWindow, publishedInWindow * ready, deliveries, stats.compressedFrames.sum(), stats.badFrames.sum(),
                publisher.errors.get(), bytes, bytesPerDelivery, doc.size(),
                usage == null ? Double.NaN : usage.server(), cpuMicrosPerDelivery, usage == null ? Double.NaN : usage.machineBusyPercent(),
                stats.closes(), label, ready, doc.size(), bytesPerDelivery, cpuMicrosPerDelivery);
        run.publish(table, new ObjectMapper().writeValueAsString(json));
        return 0;
    }

    private static double round(double v) {
        return Double.isNaN(v) ? v : Math.round(v * 100) / 100.0;
    }

    /**
     * The publisher: one plain JSON socket (the same in every mode, so that what differs is the subscribers' side)
     * that publishes the document at a fixed rate, each time with the next {@code version}.
     */
    private static final class Publisher {
        private final Vertx vertx;
        private final WireDocument doc;
        private final String channelPart;
        private final WebSocketClient client;
        final AtomicLong published = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        private WebSocket socket;
        private long timer = -1;

        Publisher(Vertx vertx, WireDocument doc, String channel) {
            this.vertx = vertx;
            this.doc = doc;
            this.channelPart = ",\"data\":{\"channel\":" + Json.quote(channel) + ",\"data\":";
            this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
        }

        Future<Void> open(String host, int port, String path) {
            io.vertx.core.Promise<Void> established = io.vertx.core.Promise.promise();
            client.connect(new WebSocketConnectOptions().setHost(host).setPort(port).setURI(path)).onComplete(ar -> {
                if (ar.failed()) {
                    established.tryFail(ar.cause());
                    return;
                }
                socket = ar.result();
                socket.textMessageHandler(text -> {
                    if (text.startsWith("{\"type\":\"connection_established\"")) {
                        established.tryComplete();
                    } else if (text.startsWith("{\"type\":\"error\"")) {
                        errors.incrementAndGet();
                    }
                });
            });
            return established.future();
        }

        /** Publishes {@code perSecond} times a second, catching up on a late timer, until {@link #stop()}. */
        void start(int perSecond) {
            long began = System.nanoTime();
            timer = vertx.setPeriodic(Math.max(1, 1000 / perSecond / 2), t -> {
                long due = (System.nanoTime() - began) * perSecond / 1_000_000_000L + 1;
                while (published.get() < due) {
                    long version = published.incrementAndGet();
                    socket.writeTextMessage("{\"type\":\"publish\",\"id\":" + version + channelPart + doc.json(version) + "}}");
                }
            });
        }

        void stop() {
            vertx.cancelTimer(timer);
        }

        Future<Void> close() {
            return socket == null ? Future.succeededFuture() : socket.close();
        }
    }
}
