package io.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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

    @Option(names = "--hard-stop", defaultValue = "180s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Mixin
    RunOptions run;

    private final Map<String, AtomicLong> publishErrors = new ConcurrentHashMap<>();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong stalledClosed = new AtomicLong();
    private final AtomicLong readersClosed = new AtomicLong();
    private volatile long peakRss;
    private volatile long peakHeap;
    private volatile long slowestHealthMillis;

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
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(run.threads).setPreferNativeTransport(false));
        // The stalled sockets live in a Vert.x of their own: what they take in before they stop reading (and their
        // closing) must not hold up the event loops of the readers and the publisher, whose pace is measured.
        Vertx stalledSide = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setPreferNativeTransport(false));
        try {
            WebSocketClientOptions options = new WebSocketClientOptions().setMaxConnections(stalled + readers + 16)
                    .setMaxFrameSize(size + 65_536).setMaxMessageSize(size + 65_536);
            WebSocketClient client = vertx.createWebSocketClient(options);
            WebSocketClient stalledClient = stalledSide.createWebSocketClient(options);
            List<Reader> reading = new ArrayList<>();
            for (int i = 0; i < readers; i++) {
                Reader r = new Reader();
                reading.add(r);
                subscribe(client, connect, channel, r).await(30, TimeUnit.SECONDS);
            }
            List<Future<WebSocket>> pausing = new ArrayList<>();
            for (int i = 0; i < stalled; i++) {
                pausing.add(subscribe(stalledClient, connect, channel, null));
            }
            Future.join(pausing).await(60, TimeUnit.SECONDS);
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
                        + channel + "\",\"data\":{\"seq\":" + published + ",\"pad\":\"" + pad + "\"}}}");
            }
            long sent = published;
            // The readers catch up with what was accepted, or the wait ends.
            long caughtUpBy = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < caughtUpBy && (accepted.get() + errors() < sent
                    || reading.stream().anyMatch(r -> received(r) < accepted.get()))) {
                Thread.sleep(50);
            }
            samples.stop();
            sampler.join(5_000);
            Map<String, Double> metrics = server.metrics();
            report(before, sent, reading, metrics);
            publisher.close();
            return 0;
        } finally {
            try {
                vertx.close().await(20, TimeUnit.SECONDS);
                stalledSide.close().await(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // Paused sockets may never finish their closing handshake; the process exits anyway.
            }
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

    /** A socket subscribed to the channel; a reader counts what it gets, a stalled one (null) stops reading. */
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
                    if (reader == null) {
                        // Stops reading: the kernel's buffers fill, then the server's backlog for this socket grows.
                        ws.pause();
                    }
                    subscribed.tryComplete(ws);
                } else if (reader != null && text.startsWith("{\"type\":\"message\"")) {
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
            ws.closeHandler(v -> (reader == null ? stalledClosed : readersClosed).incrementAndGet());
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
        double mib = 1048576.0;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  scenario             %s%n", run.label(() -> String.format(Locale.ROOT,
                "%d stalled + %d reading sockets, %d B messages at %.0f/s for %s", stalled, readers, size, rate, duration))));
        b.append(String.format(Locale.ROOT, "  outbound budget      node %.1f MiB, connection %.1f MiB%n", budget / mib, share / mib));
        b.append(String.format(Locale.ROOT, "  published            %d sent, %d accepted, refused %s%n", sent, ok, publishErrors));
        b.append(String.format(Locale.ROOT, "  readers              fewest received %d of %d accepted, %d out of order or twice, %d closed%n",
                minReceived, ok, disorder, readersClosed.get()));
        b.append(String.format(Locale.ROOT, "  stalled sockets      %d of %d closed by the server (slow-consumer closes counted: %.0f)%n",
                stalledClosed.get(), stalled, slowCloses));
        b.append(String.format(Locale.ROOT, "  server RSS           %.1f MiB before, peak %.1f MiB; heap in use peak %.1f MiB%n",
                before.rssBytes() / mib, peakRss / mib, peakHeap / mib));
        b.append(String.format(Locale.ROOT, "  /metrics answered    slowest %d ms%n", slowestHealthMillis));
        String json = String.format(Locale.ROOT, "{\"scenario\":\"stalled\",\"stalled\":%d,\"readers\":%d,\"size\":%d,\"rate\":%.1f,"
                        + "\"sent\":%d,\"accepted\":%d,\"minReceived\":%d,\"outOfOrder\":%d,\"stalledClosed\":%d,\"readersClosed\":%d,"
                        + "\"budgetBytes\":%.0f,\"rssBefore\":%d,\"peakRss\":%d,\"peakHeap\":%d,\"slowestMetricsMs\":%d}",
                stalled, readers, size, rate, sent, ok, minReceived, disorder, stalledClosed.get(), readersClosed.get(),
                budget, before.rssBytes(), peakRss, peakHeap, slowestHealthMillis);
        run.publish(b.toString(), json);
    }
}
