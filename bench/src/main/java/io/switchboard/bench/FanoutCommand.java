package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The fan-out scenario: S subscribers on one channel, one socket publisher, publish-to-deliver latency measured
 * in this JVM. The subscribers may be spread over several nodes of a cluster ({@code --subscriber-url}), the
 * publisher on the first ({@code --url}), to measure fan-out through the broker between nodes. Every phase is bounded: connecting (per batch), warm-up, the measured window, the drain, and a
 * hard stop that ends the process whatever happens.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"S subscribers on one channel, one publisher; publish-to-deliver latency and deliveries/s.",
                "Prints a short table and, last, one JSON line (for the report command)."})
final class FanoutCommand implements Callable<Integer> {

    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", description = "Server socket URL, 127.0.0.1 only (default ${DEFAULT-VALUE}); the publisher's, and the subscribers' unless --subscriber-url is given.")
    String url;

    /** What the subscribers speak; the publisher always speaks the native protocol, so both measure the same fan-out. */
    enum Protocol { NATIVE, SOCKETIO }

    @Option(names = "--protocol", defaultValue = "NATIVE",
            description = {"What the subscribers speak: native (the envelope protocol on the --url path) or socketio",
                    "(Socket.IO v5 over Engine.IO v4's WebSocket transport at --socketio-path of the same host and port:",
                    "CONNECT with auth {token}, then the join event). The publisher stays native. Default native."})
    Protocol protocol;

    @Option(names = "--socketio-path", defaultValue = "/socket.io/", description = "The server's socketio-path (default ${DEFAULT-VALUE}).")
    String socketIoPath;

    @Option(names = "--subscriber-url", paramLabel = "URL",
            description = {"Socket URL of a node the subscribers use (repeatable): subscriber i connects to the (i mod n)-th.",
                    "Give the nodes of a cluster (same jwt-secret, same Redis) to measure fan-out across nodes; default --url."})
    List<String> subscriberUrls = new ArrayList<>();

    @ArgGroup(exclusive = true, multiplicity = "1")
    TokenSource token;

    static final class TokenSource {
        @Option(names = "--token", description = "A JWT the server accepts (all sockets use it; raise max-connections-per-user).")
        String value;

        @Option(names = "--token-file", description = "A file holding the JWT.")
        Path file;

        String read() throws Exception {
            return value != null ? value.trim() : Files.readString(file, StandardCharsets.US_ASCII).trim();
        }
    }

    @Option(names = {"-s", "--subscribers"}, defaultValue = "1000", description = "Subscriber sockets (default ${DEFAULT-VALUE}).")
    int subscribers;

    @Option(names = {"-r", "--rate"}, defaultValue = "100", description = "Messages per second to publish (default ${DEFAULT-VALUE}); ignored with --saturate.")
    double rate;

    @Option(names = "--saturate", description = "Publish as fast as the window allows instead of at --rate.")
    boolean saturate;

    @Option(names = "--window", defaultValue = "256", description = "Messages in flight when saturating (default ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--window-on", defaultValue = "ACK",
            description = "What frees a place in the window: ack (the server's ack) or delivery (every subscriber got the message). Default ack.")
    PublisherConn.WindowOn windowOn;

    @Option(names = "--warmup", defaultValue = "5s", description = "Publishing before the measured window (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "20s", description = "The measured window (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--drain", defaultValue = "10s", description = "Longest wait after the window for late deliveries (default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--hard-stop", defaultValue = "150s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Option(names = "--channel", defaultValue = "public:bench", description = "Channel (default ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--payload-bytes", defaultValue = "0", description = "Padding added to each message's data (default ${DEFAULT-VALUE}).")
    int payloadBytes;

    @Option(names = "--connect-batch", defaultValue = "100", description = "Subscribers connected at once (default ${DEFAULT-VALUE}).")
    int connectBatch;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "Longest wait for one batch (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--server-pid", paramLabel = "PID", description = "A server process id, to report its CPU use (Linux); repeatable, the nodes' CPU is summed.")
    List<Long> serverPids = new ArrayList<>();

    @Option(names = "--broker-pid", defaultValue = "0", description = "The Redis server's process id, to report its CPU use apart (Linux).")
    long brokerPid;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        URI uri = Phases.loopback(url, "ws");
        if (uri == null) {
            return 2;
        }
        if (subscribers < 1 || window < 1 || connectBatch < 1 || run.threads < 1 || (!saturate && rate <= 0)) {
            System.err.println("bench: --subscribers, --window, --connect-batch, --threads and --rate must be positive");
            return 2;
        }
        if (!socketIoPath.startsWith("/") || !socketIoPath.endsWith("/")) {
            System.err.println("bench: --socketio-path must start and end with '/', as the server's socketio-path");
            return 2;
        }
        if (window > PublisherConn.MAX_UNACKED) {
            System.err.println("bench: --window must be at most " + PublisherConn.MAX_UNACKED);
            return 2;
        }
        List<URI> nodes = new ArrayList<>();
        for (String u : subscriberUrls.isEmpty() ? List.of(url) : subscriberUrls) {
            URI node = Phases.loopback(u, "ws");
            if (node == null) {
                return 2;
            }
            nodes.add(node);
        }
        Phases.hardStop(hardStop);
        String jwt = token.read();
        WebSocketConnectOptions connect = connectOptions(uri, jwt);
        List<WebSocketConnectOptions> subscriberConnects = new ArrayList<>();
        for (URI node : nodes) {
            subscriberConnects.add(protocol == Protocol.SOCKETIO ? socketIoOptions(node) : connectOptions(node, jwt));
        }

        Vertx vertx = run.vertx();
        try {
            return run(vertx, connect, subscriberConnects, jwt);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private WebSocketConnectOptions connectOptions(URI uri, String jwt) {
        String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + "?token=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8);
        return new WebSocketConnectOptions()
                .setHost(uri.getHost().replace("[", "").replace("]", "")).setPort(uri.getPort()).setURI(path)
                .setConnectTimeout(connectTimeout.toMillis());
    }

    /** Engine.IO straight on WebSocket; the token goes in the Socket.IO CONNECT, as socket.io-client's {@code auth}. */
    private WebSocketConnectOptions socketIoOptions(URI node) {
        return new WebSocketConnectOptions()
                .setHost(node.getHost().replace("[", "").replace("]", "")).setPort(node.getPort())
                .setURI(socketIoPath + "?EIO=4&transport=websocket")
                .setConnectTimeout(connectTimeout.toMillis());
    }

    private int run(Vertx vertx, WebSocketConnectOptions connect, List<WebSocketConnectOptions> subscriberConnects,
                    String jwt) throws Exception {
        Lanes lanes = Lanes.deploy(vertx, run.threads);
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxConnections(subscribers + 16)
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 22));
        DeliveryStats stats = new DeliveryStats();

        long connectStart = System.nanoTime();
        List<FanoutSubscriber> subs = new ArrayList<>(subscribers);
        int ready = 0;
        for (int from = 0; from < subscribers; from += connectBatch) {
            int to = Math.min(subscribers, from + connectBatch);
            List<Future<Void>> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                FanoutSubscriber s = protocol == Protocol.SOCKETIO
                        ? new SocketIoSubscriberConn(lanes.get(i), stats, channel, jwt)
                        : new SubscriberConn(lanes.get(i), stats, channel);
                subs.add(s);
                batch.add(s.open(client, subscriberConnects.get(i % subscriberConnects.size()), connectTimeout.toMillis()));
            }
            try {
                Future.join(batch).await(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // some failed: counted below
            }
            int ok = 0;
            String firstFailure = null;
            for (Future<Void> f : batch) {
                if (f.succeeded()) {
                    ok++;
                } else if (firstFailure == null) {
                    firstFailure = f.cause() == null ? "timed out" : f.cause().getMessage();
                }
            }
            ready += ok;
            System.err.printf("bench: %d/%d subscribers ready%s%n", ready, to,
                    firstFailure == null ? "" : " (failures in this batch, first: " + firstFailure + ")");
        }
        double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
        if (ready == 0) {
            System.err.println("bench: no subscriber could connect and subscribe; is the server up at "
                    + (subscriberUrls.isEmpty() ? url : String.join(", ", subscriberUrls)) + "?");
            return 1;
        }

        PublisherConn publisher = new PublisherConn(lanes.get(subscribers), stats, channel, payloadBytes, rate, saturate,
                windowOn, window);
        publisher.open(client, connect, connectTimeout.toMillis()).await(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);

        CpuSampler cpu = new CpuSampler(serverPids, brokerPid);
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + duration.toNanos();
        stats.window(start, end);
        System.err.printf("bench: publishing (%s), warm-up %s, measuring %s%n",
                saturate ? "saturating, window " + window + " on " + windowOn.name().toLowerCase() : rate + " msg/s",
                Durations.format(warmup), Durations.format(duration));
        publisher.start(end);

        Progress progress = new Progress(stats);
        Phases.sleepUntil(start, progress::maybePrint);
        CpuSampler.Sample cpuStart = cpu.sample();
        Phases.sleepUntil(end, progress::maybePrint);
        CpuSampler.Sample cpuEnd = cpu.sample();
        long arrived = stats.arrivedInWindow.sum();

        // Drain: wait for the measured messages still on their way, at most --drain.
        PublisherConn.Snapshot pub = publisher.snapshot().await(10, TimeUnit.SECONDS);
        long drainUntil = System.nanoTime() + drain.toNanos();
        long expected = pub.publishedInWindow() * ready;
        while (System.nanoTime() < drainUntil && stats.receivedOfWindow.sum() < expectedNow(pub, stats)) {
            Thread.sleep(50);
        }
        pub = publisher.snapshot().await(10, TimeUnit.SECONDS);
        expected = pub.publishedInWindow() * ready;

        // What the run measured, taken before the teardown so that closing cannot change it.
        long received = stats.receivedOfWindow.sum();
        long gaps = stats.gaps.sum();
        long duplicates = stats.duplicates.sum();
        FanoutResult.Latency latency = FanoutResult.Latency.of(stats.latency());
        java.util.Map<Integer, Long> closes = stats.serverCloses();
        CpuSampler.Usage cpuUsage = CpuSampler.between(cpuStart, cpuEnd);

        stats.stopping();
        List<Future<Void>> closing = new ArrayList<>();
        closing.add(publisher.close());
        for (FanoutSubscriber s : subs) {
            closing.add(s.close());
        }
        try {
            Future.join(closing).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket closed within 10 s");
        }

        double seconds = duration.toNanos() / 1e9;
        FanoutResult result = new FanoutResult("fanout", run.label(this::defaultLabel),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(),
                saturate ? "saturate" : "rate", subscribers, ready, saturate ? 0 : rate, saturate ? window : 0,
                saturate ? windowOn.name().toLowerCase() : "", payloadBytes, warmup.toMillis() / 1000.0, seconds,
                Math.round(connectSeconds * 10) / 10.0,
                pub.publishedInWindow(), pub.published(), Math.round(pub.publishedInWindow() / seconds * 10) / 10.0,
                pub.acked(), pub.skipped(), pub.stalled(), pub.errors(),
                expected, received, Math.round(arrived / seconds * 10) / 10.0, gaps, duplicates,
                latency, FanoutResult.Latency.of(pub.ackMicros()),
                closes, stats.teardownCloses(), stats.subscriberErrors(), FanoutResult.Cpu.of(cpuUsage));

        String json = new ObjectMapper().writeValueAsString(result);
        run.publish(result.humanTable(), json);
        return 0;
    }

    private static long expectedNow(PublisherConn.Snapshot first, DeliveryStats stats) {
        // Subscribers closed by the server will never get the rest: expect only from those still subscribed.
        return first.publishedInWindow() * (long) Math.max(0, stats.live.get()) ;
    }

    private String defaultLabel() {
        String s = String.format(java.util.Locale.ROOT, "%,d%s subscribers%s, ", subscribers,
                protocol == Protocol.SOCKETIO ? " Socket.IO" : "",
                subscriberUrls.size() > 1 ? " on " + subscriberUrls.size() + " nodes" : "");
        if (!saturate) {
            return s + FanoutResult.fmt(rate) + " msg/s";
        }
        return s + "saturating (window " + window + (windowOn == PublisherConn.WindowOn.ACK ? " on ack)" : " on delivery)");
    }


    /** A line on stderr every 5 s: subscribers still subscribed, deliveries per second, server closes so far. */
    private static final class Progress {
        private final DeliveryStats stats;
        private final long started = System.nanoTime();
        private long last = System.nanoTime();
        private long lastCount;

        Progress(DeliveryStats stats) {
            this.stats = stats;
        }

        void maybePrint() {
            long now = System.nanoTime();
            if (now - last < 5_000_000_000L) {
                return;
            }
            long count = stats.receivedTotal.sum();
            System.err.printf(java.util.Locale.ROOT, "bench: t=%.0fs subscribed=%d deliveries/s=%.0f closed by server=%s%n",
                    (now - started) / 1e9, stats.live.get(), (count - lastCount) / ((now - last) / 1e9), stats.serverCloses());
            last = now;
            lastCount = count;
        }
    }

}
