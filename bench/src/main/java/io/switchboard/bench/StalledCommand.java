package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Stalled readers against the outbound budget (issue 12): sockets that subscribe to a channel and stop reading,
 * sockets that keep reading, and a publisher of large messages at a fixed rate. Samples the server's resident
 * memory and heap while it runs, and reports the peaks beside what the budget allowed, how many stalled sockets
 * the server closed, what the readers got of what was accepted (loss, duplicates, order) and how long
 * {@code /health/live} took at worst. The figures behind the sizing table in docs/OPERATIONS.md.
 */
@Command(name = "stalled", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Stalled readers: N sockets stop reading while large messages are published to their channel.",
                "Needs the server's pid (same machine, Linux)."})
final class StalledCommand implements Callable<Integer> {
    private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", description = "Server socket URL, 127.0.0.1 only (default ${DEFAULT-VALUE}).")
    String url;

    @ArgGroup(exclusive = true, multiplicity = "1")
    FanoutCommand.TokenSource token;

    @Option(names = "--stalled", defaultValue = "300", description = "Sockets that subscribe and stop reading (default ${DEFAULT-VALUE}).")
    int stalled;

    @Option(names = "--readers", defaultValue = "4", description = "Sockets that subscribe and keep reading (default ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--size", defaultValue = "32768", description = "Bytes of padding per message (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-r", "--rate"}, defaultValue = "50", description = "Messages published per second (default ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "30s", description = "How long to publish (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--server-pid", required = true, paramLabel = "PID", description = "The server process, on this machine.")
    long serverPid;

    @Option(names = "--settle", defaultValue = "15s", description = "After publishing, wait for the answers and the readers until nothing changed for this long (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--hard-stop", defaultValue = "240s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Mixin
    RunOptions run;

    private final Map<String, AtomicLong> publishErrors = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong writesDone = new AtomicLong();
    private final Map<String, AtomicLong> writeFailures = new ConcurrentHashMap<>();
    private final AtomicLong readersClosed = new AtomicLong();
    private volatile long peakRss;
    private volatile long peakHeap;
    private volatile long slowestHealthMillis;
    private volatile long caughtUpMillis = -1;

    /** What one reading socket saw: messages in order, duplicates or going back, the last sequence number. */
    private static final class Reader {
        long received;
        long outOfOrder;
        long last;
    }

    @Override
    public Integer call() throws Exception {
        URI uri = Phases.loopback(url, "ws");
        if (uri == null) {
            return 2;
        }
        if (stalled < 0 || readers < 1 || size < 0 || rate <= 0) {
            System.err.println("bench: --readers and --rate must be positive, --stalled and --size not negative");
            return 2;
        }
        Phases.hardStop(hardStop);
        URI base = URI.create("http://" + uri.getHost() + ":" + uri.getPort());
        String channel = "public:stalled-" + Long.toString(System.nanoTime(), 36);
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + "?token=" + URLEncoder.encode(token.read(), StandardCharsets.UTF_8));
        Vertx vertx = run.vertx();
        List<RawStalledSocket> stalledSockets = new ArrayList<>();
        try {
            WebSocketClientOptions options = new WebSocketClientOptions().setMaxConnections(readers + 16)
                    .setMaxFrameSize(size + 65_536).setMaxMessageSize(size + 65_536);
            WebSocketClient client = vertx.createWebSocketClient(options);
            List<Reader> reading = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                Reader r = new Reader();
                reading.add(r);
                subscribe(client, connect, channel, r).await(30, TimeUnit.SECONDS);
            }
            openStalled(uri, connect.getURI(), channel, stalledSockets);
            WebSocket publisher = client.connect(connect).await(30, TimeUnit.SECONDS);
            publisher.textMessageHandler(this::onPublisherFrame);
            ServerMemory server = new ServerMemory(serverPid, URI.create(base + "/metrics"));
            ServerSamples samples = new ServerSamples(server);
            Thread sampler = new Thread(samples, "bench-sampler");
            sampler.setDaemon(true);
            sampler.start();
            ServerMemory.Reading before = server.read();
            String pad = "x".repeat(size);
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long published = 0;
            while (System.nanoTime() < end) {
                long due = start + (long) (published * 1e9 / rate);
                Phases.sleepUntil(due);
                published++;
                publisher.writeTextMessage("{\"type\":\"publish\",\"id\":" + published + ",\"data\":{\"channel\":\""
                        + channel + "\",\"data\":{\"seq\":" + published + ",\"pad\":\"" + pad + "\"}}}")
                        .onComplete(this::written);
            }
            long sent = published;
            long sentAt = System.nanoTime();
            // Every publication answered and every reader caught up, or no progress for --settle. The server may read
            // the publisher's frames long after they were sent (while its loops write to the stalled sockets' kernel
            // buffers it falls behind): a fixed wait would count its late answers as missing.
            long lastProgress = sentAt;
            long progress = -1;
            long caughtUpNanos = -1;
            while (System.nanoTime() - lastProgress < settle.toNanos()) {
                long answered = accepted.get() + errors();
                long now = answered + reading.stream().mapToLong(StalledCommand::received).sum();
                if (now != progress) {
                    progress = now;
                    lastProgress = System.nanoTime();
                }
                if (answered >= sent && reading.stream().allMatch(r -> received(r) >= accepted.get())) {
                    caughtUpNanos = System.nanoTime() - sentAt;
                    break;
                }
                Thread.sleep(50);
            }
            caughtUpMillis = caughtUpNanos < 0 ? -1 : caughtUpNanos / 1_000_000;
            samples.stop();
            sampler.join(5_000);
            Map<String, Double> metrics = server.metrics();
            report(before, sent, reading, metrics);
            publisher.close();
            return 0;
        } finally {
            for (RawStalledSocket s : stalledSockets) {
                s.close();
            }
            try {
                vertx.close().await(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // A reader whose closing handshake never ends; the process exits anyway.
            }
        }
    }

    /** A publish frame left the client's Vert.x for its socket, or failed to: counted, so the report can tell. */
    private void written(io.vertx.core.AsyncResult<Void> ar) {
        if (ar.succeeded()) {
            writesDone.incrementAndGet();
        } else {
            writeFailures.computeIfAbsent(String.valueOf(ar.cause()), k -> new AtomicLong()).incrementAndGet();
        }
    }

    private long errors() {
        return publishErrors.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private static long received(Reader r) {
        synchronized (r) {
            return r.received;
        }
    }

    /**
     * Opens the stalled sockets, a few at a time: each upgrades, subscribes and then never reads (see
     * {@link RawStalledSocket} for why not a paused Vert.x socket). Adds each to {@code into} as it opens.
     */
    private void openStalled(URI uri, String pathAndQuery, String channel, List<RawStalledSocket> into) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<RawStalledSocket>> opening = new ArrayList<>();
            for (int i = 0; i < stalled; i++) {
                opening.add(pool.submit(() -> RawStalledSocket.open(uri.getHost(), uri.getPort(), pathAndQuery, channel, 0)));
            }
            for (java.util.concurrent.Future<RawStalledSocket> f : opening) {
                into.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A reading socket subscribed to the channel, counting what it gets. */
    private Future<WebSocket> subscribe(WebSocketClient client, WebSocketConnectOptions connect, String channel, Reader reader) {
        Promise<WebSocket> subscribed = Promise.promise();
        client.connect(connect).onComplete(ar -> {
            if (ar.failed()) {
                subscribed.tryFail(ar.cause());
                return;
            }
            WebSocket ws = ar.result();
            ws.textMessageHandler(text -> {
                if (text.startsWith("{\"type\":\"ack\"") && !subscribed.future().isComplete()) {
                    subscribed.tryComplete(ws);
                } else if (text.startsWith("{\"type\":\"message\"")) {
                    Matcher m = SEQ.matcher(text);
                    if (m.find()) {
                        long seq = Long.parseLong(m.group(1));
                        synchronized (reader) {
                            if (seq <= reader.last) {
                                reader.outOfOrder++;
                            }
                            reader.last = seq;
                            reader.received++;
                        }
                    }
                }
            });
            ws.closeHandler(v -> readersClosed.incrementAndGet());
            ws.writeTextMessage("{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"" + channel + "\"}}");
        });
        return subscribed.future();
    }

    private void onPublisherFrame(String text) {
        if (text.startsWith("{\"type\":\"ack\"")) {
            accepted.incrementAndGet();
        } else if (text.startsWith("{\"type\":\"error\"")) {
            Matcher m = Pattern.compile("\"code\":\"([a-z_]+)\"").matcher(text);
            publishErrors.computeIfAbsent(m.find() ? m.group(1) : "other", k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Reads the server's RSS and heap in use every 250 ms, keeping the peaks and the slowest {@code /metrics}. */
    private final class ServerSamples implements Runnable {
        private final ServerMemory server;
        private volatile boolean running = true;

        ServerSamples(ServerMemory server) {
            this.server = server;
        }

        void stop() {
            running = false;
        }

        @Override
        public void run() {
            while (running) {
                try {
                    peakRss = Math.max(peakRss, server.rss());
                    long t0 = System.nanoTime();
                    long heap = server.heap();
                    slowestHealthMillis = Math.max(slowestHealthMillis, (System.nanoTime() - t0) / 1_000_000);
                    peakHeap = Math.max(peakHeap, heap);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // A reading the server was too busy to answer: the slowest answer is what the report shows.
                    slowestHealthMillis = Math.max(slowestHealthMillis, 5_000);
                }
            }
        }
    }

    private static double sum(Map<String, Double> metrics, String prefix) {
        return ServerMemory.sum(metrics, prefix, "");
    }

    private void report(ServerMemory.Reading before, long sent, List<Reader> reading, Map<String, Double> metrics)
            throws java.io.IOException {
        long ok = accepted.get();
        long minReceived = reading.stream().mapToLong(StalledCommand::received).min().orElse(0);
        long disorder = reading.stream().mapToLong(r -> {
            synchronized (r) {
                return r.outOfOrder;
            }
        }).sum();
        double budget = sum(metrics, "switchboard_outbound_budget_bytes{scope=\"node\"");
        double share = sum(metrics, "switchboard_outbound_budget_bytes{scope=\"connection\"");
        double slowCloses = sum(metrics, "switchboard_slow_consumer_closes_total");
        double closed4100 = sum(metrics, "switchboard_closes_total{code=\"4100\"");
        double byBudget = sum(metrics, "switchboard_slow_consumer_closes_total{reason=\"node_budget\"");
        double publishesRead = sum(metrics, "switchboard_messages_in_total{type=\"publish\"");
        long unanswered = sent - ok - errors();
        double mib = 1048576.0;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  scenario             %s%n", run.label(() -> String.format(Locale.ROOT,
                "%d stalled + %d reading sockets, %d B messages at %.0f/s for %s", stalled, readers, size, rate, duration))));
        b.append(String.format(Locale.ROOT, "  outbound budget      node %.1f MiB, connection %.1f MiB%n", budget / mib, share / mib));
        b.append(String.format(Locale.ROOT, "  published            %d sent, %d accepted, refused %s, %d unanswered; the server read %.0f%n",
                sent, ok, publishErrors, unanswered, publishesRead));
        b.append(String.format(Locale.ROOT, "  publisher's writes   %d of %d done, failed %s%n", writesDone.get(), sent, writeFailures));
        b.append(String.format(Locale.ROOT, "  caught up            %s%n", caughtUpMillis < 0
                ? "no: nothing changed for " + settle.toSeconds() + " s"
                : String.format(Locale.ROOT, "%.1f s after the last publication was sent (answers and readers)", caughtUpMillis / 1000.0)));
        b.append(String.format(Locale.ROOT, "  readers              fewest received %d of %d accepted, %d out of order or twice, %d closed%n",
                minReceived, ok, disorder, readersClosed.get()));
        // The server's counts: a stalled client never reads the close frame, so the node drops the connection 5 s
        // after it closed the session; sessions closed in the last seconds are not gone yet when this is read.
        b.append(String.format(Locale.ROOT, "  stalled sockets      %.0f of %d closed as slow consumers (%.0f at the node budget), %.0f of them gone%n",
                slowCloses, stalled, byBudget, closed4100));
        b.append(String.format(Locale.ROOT, "  server RSS           %.1f MiB before, peak %.1f MiB; heap in use peak %.1f MiB%n",
                before.rssBytes() / mib, peakRss / mib, peakHeap / mib));
        b.append(String.format(Locale.ROOT, "  /metrics answered    slowest %d ms%n", slowestHealthMillis));
        String json = String.format(Locale.ROOT, "{\"scenario\":\"stalled\",\"stalled\":%d,\"readers\":%d,\"size\":%d,\"rate\":%.1f,"
                        + "\"sent\":%d,\"accepted\":%d,\"minReceived\":%d,\"outOfOrder\":%d,\"readersClosed\":%d,"
                        + "\"budgetBytes\":%.0f,\"rssBefore\":%d,\"peakRss\":%d,\"peakHeap\":%d,\"slowestMetricsMs\":%d,"
                        + "\"refused\":%d,\"unanswered\":%d,\"publishesRead\":%.0f,\"closed4100\":%.0f,\"closedAtBudget\":%.0f,\"caughtUpMs\":%d}",
                stalled, readers, size, rate, sent, ok, minReceived, disorder, readersClosed.get(),
                budget, before.rssBytes(), peakRss, peakHeap, slowestHealthMillis, errors(), unanswered, publishesRead,
                closed4100, byBudget, caughtUpMillis);
        run.publish(b.toString(), json);
    }
}
