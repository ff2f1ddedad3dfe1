package io.switchboard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The ingest scenario (issue 4): D phones, each enrolled through the REST API, stream telemetry and wait for acks
 * (a window of W in flight per phone). An ack means committed, so acked messages per second is the rate of durable
 * writes; send-to-ack latency includes the group commit. Every phase is bounded, and a hard stop ends the process.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"D devices streaming telemetry and waiting for acks; acked (committed) msg/s and ack latency.",
                "Prints a short table and, last, one JSON line (for ingest-report)."})
final class IngestCommand implements Callable<Integer> {

    /** How the devices send. */
    enum Transport { WS, HTTP }

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "Server base URL, 127.0.0.1 only (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token-file", required = true,
            description = "Parent JWTs, one per line: devices are enrolled for them in turn (a parent may enrol 100).")
    Path tokenFile;

    @Option(names = {"-d", "--devices"}, defaultValue = "50", description = "Devices (default ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = {"-w", "--window"}, defaultValue = "1", description = "Messages in flight per device (default ${DEFAULT-VALUE}: send, await the ack, send).")
    int window;

    @Option(names = "--transport", defaultValue = "WS", description = "ws (the device socket) or http (POST /api/ingest/, one message each). Default ws.")
    Transport transport;

    @Option(names = "--mix", defaultValue = "LOCATION", description = "location, or mixed (85%% location, 10%% site_access, 5%% screen_time). Default location.")
    TelemetryFrames.Mix mix;

    @Option(names = "--warmup", defaultValue = "5s", description = "Streaming before the measured window (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--duration", defaultValue = "20s", description = "The measured window (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--hard-stop", defaultValue = "150s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "Longest wait for enrolment or connections (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

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
        if (devices < 1 || devices > 10_000 || window < 1 || window > 1000 || run.threads < 1) {
            System.err.println("bench: --devices 1..10000, --window 1..1000 and --threads must be positive");
            return 2;
        }
        List<String> tokens = Files.readAllLines(tokenFile, StandardCharsets.US_ASCII).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
        if (tokens.size() * 100 < devices) {
            System.err.println("bench: " + devices + " devices need " + ((devices + 99) / 100) + " parent tokens in --token-file");
            return 2;
        }
        Phases.hardStop(hardStop);
        Vertx vertx = run.vertx();
        try {
            return run(vertx, base, tokens);
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    private int run(Vertx vertx, URI base, List<String> tokens) throws Exception {
        Lanes lanes = Lanes.deploy(vertx, run.threads);
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost()).setDefaultPort(base.getPort())
                .setConnectTimeout((int) connectTimeout.toMillis()), new PoolOptions().setHttp1MaxSize(Math.max(16, devices * window)));
        long timeout = connectTimeout.toMillis();

        List<String> hashes = enrol(http, tokens, timeout);
        List<DeviceConn> conns = new ArrayList<>();
        List<Future<Void>> opening = new ArrayList<>();
        WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(devices + 16)
                .setConnectTimeout((int) timeout));
        WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setConnectTimeout(timeout);
        for (int i = 0; i < hashes.size(); i++) {
            DeviceConn d = new DeviceConn(lanes.get(i), hashes.get(i), new TelemetryFrames(mix, i), window);
            conns.add(d);
            opening.add(transport == Transport.WS ? d.openSocket(ws, connect, timeout) : d.useHttp(http));
        }
        try {
            Future.join(opening).await(timeout + 5_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // counted below
        }
        List<DeviceConn> ready = new ArrayList<>();
        for (int i = 0; i < conns.size(); i++) {
            if (opening.get(i).succeeded()) {
                ready.add(conns.get(i));
            }
        }
        System.err.printf("bench: %d/%d devices ready (%s)%n", ready.size(), devices, transport.name().toLowerCase());
        if (ready.isEmpty()) {
            return 1;
        }

        CpuSampler cpu = new CpuSampler(serverPid);
        long start = System.nanoTime() + warmup.toNanos();
        long end = start + duration.toNanos();
        ready.forEach(d -> d.start(start, end, end));
        Phases.sleepUntil(start);
        double[] before = batchMeters(http);
        CpuSampler.Sample cpuStart = cpu.sample();
        Phases.sleepUntil(end);
        CpuSampler.Sample cpuEnd = cpu.sample();
        double[] after = batchMeters(http);
        Thread.sleep(Math.min(2_000, Math.max(200, warmup.toMillis() / 2))); // the last acks of messages sent in the window

        long sent = 0;
        long acked = 0;
        long inWindow = 0;
        Map<String, Long> errors = new TreeMap<>();
        Map<Integer, Long> closes = new TreeMap<>();
        Histogram latency = new Histogram(3);
        for (DeviceConn d : ready) {
            DeviceConn.Snapshot s = d.snapshot().await(10, TimeUnit.SECONDS);
            sent += s.sent();
            acked += s.acked();
            inWindow += s.ackedInWindow();
            s.errors().forEach((k, v) -> errors.merge(k, v, Long::sum));
            if (s.closedWith() != null) {
                closes.merge(s.closedWith(), 1L, Long::sum);
            }
            latency.add(s.ackMicros());
        }
        List<Future<Void>> closing = new ArrayList<>();
        ready.forEach(d -> closing.add(d.close()));
        try {
            Future.join(closing).await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket closed within 10 s");
        }

        double seconds = duration.toNanos() / 1e9;
        double batches = after[1] - before[1];
        IngestResult result = new IngestResult("ingest", run.label(this::defaultLabel),
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toString(), transport.name().toLowerCase(),
                mix.name().toLowerCase(), devices, ready.size(), window, warmup.toMillis() / 1000.0, seconds, sent, acked, inWindow,
                Math.round(inWindow / seconds * 10) / 10.0, errors, FanoutResult.Latency.of(latency), closes,
                batches <= 0 || before[0] < 0 ? -1 : Math.round((after[0] - before[0]) / batches * 10) / 10.0,
                batches <= 0 || before[2] < 0 ? -1 : Math.round((after[2] - before[2]) / batches * 1000 * 100) / 100.0,
                FanoutResult.Cpu.of(CpuSampler.between(cpuStart, cpuEnd)));
        String json = new ObjectMapper().writeValueAsString(result);
        run.publish(result.humanTable(), json);
        return 0;
    }

    /** Enrols the devices, 50 requests at a time; returns their hashes. */
    private List<String> enrol(HttpClient http, List<String> tokens, long timeout) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<String> hashes = new ArrayList<>();
        for (int from = 0; from < devices; from += 50) {
            List<Future<String>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(devices, from + 50); i++) {
                RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/children/")
                        .putHeader("Content-Type", "application/json").putHeader("Authorization", "Bearer " + tokens.get(i / 100));
                String body = "{\"name\":\"bench device " + i + "\"}";
                batch.add(http.request(post).compose(r -> r.send(body)).compose(r -> r.body().map(b -> {
                    if (r.statusCode() != 201) {
                        throw new IllegalStateException("enrolment answered " + r.statusCode() + ": " + b);
                    }
                    try {
                        JsonNode child = json.readTree(b.getBytes());
                        return child.get("child_hash").asText();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                })));
            }
            Future.all(batch).await(timeout, TimeUnit.MILLISECONDS);
            batch.forEach(f -> hashes.add(f.result()));
        }
        return hashes;
    }

    /** The writer's batch size sum and count and commit seconds sum from /metrics, or -1s. */
    private static double[] batchMeters(HttpClient http) {
        try {
            String text = http.request(HttpMethod.GET, "/metrics").compose(r -> r.send().compose(x -> x.body()))
                    .await(5, TimeUnit.SECONDS).toString();
            return new double[] {metric(text, "switchboard_batch_size_sum{writer=\"ingest\"}"),
                    metric(text, "switchboard_batch_size_count{writer=\"ingest\"}"),
                    metric(text, "switchboard_batch_commit_seconds_sum{writer=\"ingest\"}")};
        } catch (Exception e) {
            return new double[] {-1, -1, -1};
        }
    }

    private static double metric(String text, String series) {
        for (String line : text.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return -1;
    }

    private String defaultLabel() {
        return String.format(java.util.Locale.ROOT, "%,d devices, window %d, %s, %s", devices, window,
                transport.name().toLowerCase(), mix.name().toLowerCase());
    }


}
