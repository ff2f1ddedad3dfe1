package io.switchboard.client.bench;

import io.switchboard.client.ClientBuilder;
import io.switchboard.client.Delivery;
import io.switchboard.client.DeliveryListener;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.Transport;
import io.switchboard.client.buffer.BufferLimits;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.buffer.OverflowPolicy;
import io.switchboard.client.e2e.IngestNode;
import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.SiteVisit;
import io.switchboard.client.telemetry.Telemetry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The SDK's throughput over the WebSocket and over the HTTP fallback: one device sends {@code count} mixed messages
 * (6 locations, 3 site accesses, 1 screen time in 10) as fast as {@code send…} returns, and the clock stops when the
 * last one is acked. The server (ingest app, SQLite) runs in the same JVM on 127.0.0.1; for the fallback it is
 * started with its device sockets refused, so everything goes over {@code POST /api/ingest/}.
 *
 * <pre>
 *   java -cp ... io.switchboard.client.bench.SdkThroughputBench [count] [window] [batch]
 * </pre>
 * Each buffer kind runs {@code -Dbench.repeat} times (3), in interleaved rounds after two warm-up runs; the row shows
 * the median run by acked
 * messages per second, with the slowest and fastest in brackets. {@code -Dbench.buffers} picks the buffer kinds,
 * {@code -Dbench.transports} the transports ({@code websocket,http}).
 * Not a test: timings live in docs/BENCHMARKS.md.
 */
public final class SdkThroughputBench {
    private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
    private static final String[] BUFFERS = System.getProperty("bench.buffers", "memory,file, fsync,file, no fsync")
            .split(",(?! )");
    private SdkThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        Path root = Files.createTempDirectory("sdk-bench-");
        System.out.printf("SDK throughput: %d messages per run, window %d, HTTP batch %d, %d cores, Java %s%n%n", count, window,
                batch, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("| transport | buffer | send… calls/s | acked msg/s, median (min–max) of " + REPEAT
                + " | send-to-ack p50 | p99 | resent |");
        System.out.println("|---|---|---|---|---|---|---|");
        try {
            for (String transport : System.getProperty("bench.transports", "websocket,http").split(",")) {
                boolean sockets = transport.equals("websocket");
                try (IngestNode node = new IngestNode(root.resolve(sockets ? "ws-node" : "http-node"), Map.of()).start(sockets)) {
                    for (int i = 0; i < 2; i++) {
                        run(node, root, "memory", count, window, batch); // warm-up (JIT, SQLite cache), not reported
                    }
                    // Rounds interleave the buffer kinds, so that whatever drifts during a run (JIT, the machine's other
                    // load, the database's size) spreads over all of them.
                    Result[][] runs = new Result[BUFFERS.length][REPEAT];
                    for (int round = 0; round < REPEAT; round++) {
                        for (int k = 0; k < BUFFERS.length; k++) {
                            runs[k][round] = run(node, root, BUFFERS[k], count, window, batch);
                        }
                    }
                    for (int k = 0; k < BUFFERS.length; k++) {
                        Arrays.sort(runs[k], Comparator.comparingDouble(r -> r.ackedPerSecond));
                        System.out.println(runs[k][REPEAT / 2].row(BUFFERS[k], count, runs[k]));
                    }
                }
            }
        } finally {
            try (Stream<Path> s = Files.walk(root)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** One run's figures. */
    private static final class Result {
        String transport;
        double sentPerSecond;
        double ackedPerSecond;
        double p50;
        double p99;
        long resent;

        String row(String buffer, int count, Result[] all) {
            return String.format("| %s | %s | %,.0f | %,.0f (%,.0f–%,.0f) | %.1f ms | %.1f ms | %d |", transport, buffer,
                    sentPerSecond, ackedPerSecond, all[0].ackedPerSecond, all[all.length - 1].ackedPerSecond, p50, p99, resent);
        }
    }

    private static Result run(IngestNode node, Path root, String buffer, int count, int window, int batch) throws Exception {
        IngestNode.Enrolled child = node.enrol("bench-parent", buffer);
        long[] latencies = new long[count];
        AtomicInteger acked = new AtomicInteger();
        AtomicInteger overHttp = new AtomicInteger();
        ClientBuilder b = SwitchboardClient.builder(node.url()).childHash(child.hash())
                .window(window).httpBatchSize(batch).maxSendRate(0)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.5)
                .onDelivery(new DeliveryListener() {
                    @Override
                    public void onAcked(Delivery d) {
                        int i = acked.getAndIncrement();
                        if (i < latencies.length) {
                            latencies[i] = d.sendToAnswerNanos();
                        }
                        if (d.transport() == Transport.HTTP) {
                            overHttp.incrementAndGet();
                        }
                    }
                });
        BufferLimits limits = new BufferLimits(count + 10, 1L << 30, OverflowPolicy.REJECT_NEW);
        if (buffer.equals("memory")) {
            b.buffer(new MemoryMessageBuffer(limits));
        } else {
            b.bufferDirectory(root.resolve("buffer-" + child.id())).bufferLimits(limits).fsync(buffer.equals("file, fsync"));
        }
        Instant base = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        try (SwitchboardClient client = b.build()) {
            client.start();
            long start = System.nanoTime();
            for (int k = 0; k < count; k++) {
                client.send(message(k, base, today));
            }
            long enqueued = System.nanoTime();
            if (!client.awaitDrained(Duration.ofMinutes(5))) {
                throw new IllegalStateException("not drained: " + client.stats());
            }
            long done = System.nanoTime();
            long[] sorted = Arrays.copyOf(latencies, Math.min(count, acked.get()));
            Arrays.sort(sorted);
            Result r = new Result();
            r.transport = overHttp.get() == count ? "HTTP fallback" : overHttp.get() == 0 ? "WebSocket" : "mixed";
            r.sentPerSecond = count / ((enqueued - start) / 1e9);
            r.ackedPerSecond = count / ((done - start) / 1e9);
            r.p50 = sorted[sorted.length / 2] / 1e6;
            r.p99 = sorted[(int) (sorted.length * 0.99)] / 1e6;
            r.resent = client.stats().resent();
            return r;
        }
    }

    private static Telemetry message(int k, Instant base, LocalDate today) {
        int kind = k % 10;
        if (kind == 0) {
            return ScreenTime.builder(today.minusDays(k / 10 % 300), k % 86_400).app("com.example.app", k % 24, k % 3600).build();
        }
        Instant at = base.plusMillis(k);
        if (kind <= 6) {
            return Location.of(at, 48.85 + k * 1e-6, 2.35);
        }
        return SiteAccess.of(SiteVisit.of(at, "https://example.com/" + k, k % 2 == 0));
    }
}
