package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Memory per idle authenticated socket (issue 12): opens N sockets with a token (or each as its own user, {@code
 * --per-user}: per-user sockets, whose node state is per user too; or each as the phone of a child of its own,
 * {@code --ingest}: device sockets, authenticated by the hash in their path; or Socket.IO sockets, {@code --socketio}),
 * waits for each one's {@code connection_established} (Socket.IO: the answer to its CONNECT), leaves them idle, and
 * reads the server process's resident memory (RSS) and live heap before and after. The heap is read from {@code
 * /metrics} after two full collections ({@code jcmd PID GC.run}); the rest of the RSS growth is native memory
 * (Netty's buffers, thread and kernel-facing state) plus heap pages first touched during the run. A small warm-up
 * round first opens and closes some sockets, so that class loading and compiled code are not counted per socket.
 */
@Command(name = "idle", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Memory per idle authenticated socket: the server's RSS and live heap growth at N open sockets.",
                "Needs the server's pid (same machine, Linux) and jcmd on the PATH."})
final class IdleSocketsCommand implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "ws://127.0.0.1:8080/ws", description = "Server socket URL, 127.0.0.1 only (default ${DEFAULT-VALUE}).")
    String url;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    FanoutCommand.TokenSource token;

    @Option(names = "--per-user", description = {"Each socket as its own user, idle-<i>, with a token from the server's "
            + "GET /api/dev/token (development mode) instead of --token. A --url path ending in / gets the user id "
            + "appended: --url ws://127.0.0.1:8080/ws/user/ measures per-user sockets."})
    boolean perUser;

    @Option(names = "--ingest", description = {"Device sockets: enrol a child per socket, 100 to a parent (the most the "
            + "ingest app lets one enrol), as users idle-parent-<k> with tokens from GET /api/dev/token (development "
            + "mode; POST /api/children/, 50 at a time), and open each socket on <--url path><its child's hash>/ with "
            + "no token: --url ws://127.0.0.1:8080/ws/ingest/ measures idle device sockets."})
    boolean ingest;
    /** The most children the ingest app lets one parent enrol. */
    private static final int CHILDREN_PER_PARENT = 100;

    @Option(names = "--socketio", description = {"Socket.IO sockets on Engine.IO's WebSocket transport: --url "
            + "ws://127.0.0.1:8080/socket.io/ (the path as is) with ?EIO=4&transport=websocket&token=<jwt>, each ready "
            + "on the answer to its CONNECT (40{\"sid\":...}) and answering the server's pings while idle. With "
            + "--token/--token-file (one user) or --per-user (a user each)."})
    boolean socketIo;

    @Option(names = {"-n", "--sockets"}, defaultValue = "5000", description = "Idle sockets to open (default ${DEFAULT-VALUE}).")
    int sockets;

    @Option(names = "--warmup-sockets", defaultValue = "200", description = "Sockets opened and closed before the first reading (default ${DEFAULT-VALUE}).")
    int warmupSockets;

    @Option(names = "--server-pid", required = true, paramLabel = "PID", description = "The server process, on this machine.")
    long serverPid;

    @Option(names = "--settle", defaultValue = "5s", description = "Wait after the last socket opened, before the reading (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--connect-batch", defaultValue = "200", description = "Sockets connected at once (default ${DEFAULT-VALUE}).")
    int connectBatch;

    @Option(names = "--connect-timeout", defaultValue = "30s", description = "Longest wait for one batch (default ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--storm", description = "Then a reconnect storm: close every socket and open as many again, at most --storm-in-flight connecting at once, and report authenticated connects per second.")
    boolean storm;

    @Option(names = "--storm-in-flight", defaultValue = "500", description = "Sockets connecting at once during the storm (default ${DEFAULT-VALUE}).")
    int stormInFlight;

    @Option(names = "--hard-stop", defaultValue = "300s", description = "The process exits after this long, whatever happens (default ${DEFAULT-VALUE}).")
    Duration hardStop;

    @Mixin
    RunOptions run;

    @Override
    public Integer call() throws Exception {
        URI uri = Phases.loopback(url, "ws");
        if (uri == null) {
            return 2;
        }
        if (sockets < 1 || warmupSockets < 0 || connectBatch < 1 || stormInFlight < 1) {
            System.err.println("bench: --sockets, --connect-batch and --storm-in-flight must be positive, --warmup-sockets not negative");
            return 2;
        }
        if (ingest && (perUser || token != null || !uri.getRawPath().endsWith("/"))) {
            System.err.println("bench: --ingest takes no --token/--token-file nor --per-user, and a --url path ending in /");
            return 2;
        }
        if (!ingest && perUser == (token != null)) {
            System.err.println("bench: give either --token/--token-file (every socket as one user) or --per-user");
            return 2;
        }
        if (socketIo && ingest) {
            System.err.println("bench: --socketio and --ingest are different sockets: give one of them");
            return 2;
        }
        Phases.hardStop(hardStop);
        ServerMemory server = new ServerMemory(serverPid, URI.create("http://" + uri.getHost() + ":" + uri.getPort() + "/metrics"));
        Vertx vertx = run.vertx();
        try {
            List<WebSocketConnectOptions> connect = connects(vertx, uri);
            WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                    .setMaxConnections(sockets + warmupSockets + 16).setConnectTimeout((int) connectTimeout.toMillis()));
            if (warmupSockets > 0) {
                closeAll(open(client, connect, warmupSockets, "warm-up"));
            }
            ServerMemory.Reading before = server.read();
            List<WebSocket> open = open(client, connect, sockets, "idle");
            Thread.sleep(settle.toMillis());
            ServerMemory.Reading after = server.read();
            long still = open.stream().filter(ws -> !ws.isClosed()).count();
            closeAll(open);
            report(before, after, open.size(), still);
            if (storm) {
                Storm result = storm(client, connect, sockets);
                System.out.print(result.describe(sockets, stormInFlight));
                return still == sockets && result.open.size() == sockets ? 0 : 1;
            }
            return still == sockets ? 0 : 1;
        } finally {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
    }

    /**
     * How the i-th socket connects: with the one token, or, with {@code --per-user}, as user {@code idle-<i>}
     * (on {@code <path><user>} when the path ends in {@code /}, except Socket.IO's, which is one path for all).
     */
    private List<WebSocketConnectOptions> connects(Vertx vertx, URI uri) throws Exception {
        int n = Math.max(sockets, warmupSockets);
        List<WebSocketConnectOptions> out = new ArrayList<>(n);
        if (ingest) {
            for (String hash : enrolChildren(vertx, uri, n)) {
                out.add(new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                        .setURI(uri.getRawPath() + hash + "/").setConnectTimeout(connectTimeout.toMillis()));
            }
            return out;
        }
        if (!perUser) {
            WebSocketConnectOptions one = connectTo(uri, uri.getRawPath(), token.read());
            for (int i = 0; i < n; i++) {
                out.add(one);
            }
            return out;
        }
        List<String> users = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            users.add("idle-" + i);
        }
        io.vertx.core.http.HttpClient http = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
                .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()));
        try {
            java.util.Map<String, String> tokens = DevTokens.fetch(http, users, connectTimeout.toMillis());
            for (String user : users) {
                String path = uri.getRawPath().endsWith("/") && !socketIo ? uri.getRawPath() + user : uri.getRawPath();
                out.add(connectTo(uri, path, tokens.get(user)));
            }
        } finally {
            http.close();
        }
        return out;
    }

    /**
     * Enrols {@code n} children, {@link #CHILDREN_PER_PARENT} to a parent, 50 requests at a time; returns their device
     * hashes in order.
     */
    private List<String> enrolChildren(Vertx vertx, URI uri, int n) throws Exception {
        ObjectMapper json = new ObjectMapper();
        // A connection per request: with the client's kept-alive pool, a whole batch of 50 sometimes never left the
        // client (thousands in, no request reached the server, the pool's connections open and idle).
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                .setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(50));
        List<String> hashes = new ArrayList<>(n);
        try {
            List<String> parents = new ArrayList<>();
            for (int k = 0; k * CHILDREN_PER_PARENT < n; k++) {
                parents.add("idle-parent-" + k);
            }
            java.util.Map<String, String> tokens = DevTokens.fetch(http, parents, connectTimeout.toMillis());
            for (int from = 0; from < n; from += 50) {
                List<Future<String>> batch = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + 50); i++) {
                    String bearer = "Bearer " + tokens.get(parents.get(i / CHILDREN_PER_PARENT));
                    RequestOptions post = new RequestOptions()
                            .setMethod(HttpMethod.POST).setURI("/api/children/")
                            .putHeader("Content-Type", "application/json").putHeader("Authorization", bearer);
                    String body = "{\"name\":\"idle device " + i + "\"}";
                    batch.add(http.request(post).compose(r -> r.send(body)).compose(r -> r.body().map(b -> {
                        if (r.statusCode() != 201) {
                            throw new IllegalStateException("enrolment answered " + r.statusCode() + ": " + b);
                        }
                        try {
                            return json.readTree(b.getBytes()).get("child_hash").asText();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })));
                }
                Future.all(batch).await(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
                batch.forEach(f -> hashes.add(f.result()));
            }
        } finally {
            http.close();
        }
        return hashes;
    }

    private WebSocketConnectOptions connectTo(URI uri, String path, String jwt) {
        return new WebSocketConnectOptions().setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(path + (socketIo ? "?" + SocketIoIdleSocket.handshakeQuery() + "&" : "?")
                        + "token=" + URLEncoder.encode(jwt, StandardCharsets.UTF_8))
                .setConnectTimeout(connectTimeout.toMillis());
    }

    /** Opens {@code n} sockets in batches (the i-th as {@code connect.get(i)}), each ready as {@link #connectOne} says. */
    private List<WebSocket> open(WebSocketClient client, List<WebSocketConnectOptions> connect, int n, String what) {
        List<WebSocket> open = new ArrayList<>(n);
        String firstFailure = null;
        long started = System.nanoTime();
        for (int from = 0; from < n; from += connectBatch) {
            List<Future<WebSocket>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + connectBatch); i++) {
                batch.add(connectOne(client, connect.get(i)));
            }
            try {
                Future.join(batch).await(connectTimeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // counted below
            }
            batch.stream().filter(Future::succeeded).forEach(f -> open.add(f.result()));
            if (firstFailure == null) {
                firstFailure = batch.stream().filter(Future::failed).map(f -> String.valueOf(f.cause().getMessage()))
                        .findFirst().orElse(null);
            }
        }
        System.err.printf(Locale.ROOT, "bench: %s: %d of %d sockets established in %.1f s%n", what, open.size(), n,
                (System.nanoTime() - started) / 1e9);
        if (firstFailure != null) {
            // A refusal (the per-user connection limit, an expired token) says why the count is short.
            System.err.println("bench: " + what + ": the first socket that failed: " + firstFailure);
        }
        return open;
    }

    /** What a reconnect storm gave: the sockets opened, the failures, and how long it took from first to last. */
    private record Storm(List<WebSocket> open, int failed, long nanos) {
        String describe(int n, int inFlight) {
            double seconds = nanos / 1e9;
            return String.format(Locale.ROOT, "  reconnect storm      %d of %d sockets authenticated again in %.2f s, %d in flight:"
                    + " %,.0f connects/s (%d failed)%n", open.size(), n, seconds, inFlight, open.size() / Math.max(seconds, 1e-9), failed);
        }
    }

    /**
     * Opens {@code n} sockets with at most {@link #stormInFlight} connecting at once (a new one starts as each is
     * ready or fails), timing from the first connect to the last one ready ({@code connection_established}, or
     * Socket.IO's answer to CONNECT).
     */
    private Storm storm(WebSocketClient client, List<WebSocketConnectOptions> connect, int n) throws InterruptedException {
        List<WebSocket> open = java.util.Collections.synchronizedList(new ArrayList<>(n));
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(n);
        long t0 = System.nanoTime();
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            int i = started.incrementAndGet() - 1;
            if (i >= n) {
                return;
            }
            connectOne(client, connect.get(i)).onComplete(ar -> {
                if (ar.succeeded()) {
                    open.add(ar.result());
                } else {
                    failed.incrementAndGet();
                }
                done.countDown();
                next[0].run();
            });
        };
        for (int i = 0; i < Math.min(stormInFlight, n); i++) {
            next[0].run();
        }
        boolean all = done.await(hardStop.toMillis(), TimeUnit.MILLISECONDS);
        long nanos = System.nanoTime() - t0;
        if (!all) {
            System.err.println("bench: the storm did not finish before --hard-stop");
        }
        List<WebSocket> opened = new ArrayList<>(open);
        closeAll(opened);
        return new Storm(opened, failed.get(), nanos);
    }

    /** One socket, ready on its {@code connection_established}, or, with {@code --socketio}, on its CONNECT's answer. */
    private Future<WebSocket> connectOne(WebSocketClient client, WebSocketConnectOptions connect) {
        if (socketIo) {
            return SocketIoIdleSocket.connect(client, connect);
        }
        return connect(client, connect, "connection_established", (ws, ready) -> ws.textMessageHandler(text -> {
            if (text.contains("\"connection_established\"")) {
                ready.tryComplete(ws);
            }
        }));
    }

    /**
     * Connects one socket, {@code wire} sets its handlers up to complete {@code ready} once it counts as open; the
     * connection's failure or a close before then fails it, naming {@code awaited}.
     */
    static Future<WebSocket> connect(WebSocketClient client, WebSocketConnectOptions connect, String awaited,
                                     java.util.function.BiConsumer<WebSocket, Promise<WebSocket>> wire) {
        Promise<WebSocket> ready = Promise.promise();
        client.connect(connect).onComplete(ar -> {
            if (ar.failed()) {
                ready.tryFail(ar.cause());
                return;
            }
            WebSocket ws = ar.result();
            wire.accept(ws, ready);
            ws.closeHandler(v -> ready.tryFail("closed before " + awaited + ", code " + ws.closeStatusCode()));
        });
        return ready.future();
    }

    private static void closeAll(List<WebSocket> open) {
        List<Future<Void>> closing = new ArrayList<>();
        open.forEach(ws -> closing.add(ws.close((short) 1000, "bench done")));
        try {
            Future.join(closing).await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("bench: not every socket closed within 30 s");
        }
    }

    private void report(ServerMemory.Reading before, ServerMemory.Reading after, int opened, long still) {
        double n = Math.max(1, opened);
        double rss = (after.rssBytes() - before.rssBytes()) / n / 1024;
        double heap = (after.heapBytes() - before.heapBytes()) / n / 1024;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "  scenario             %s%n", run.label(() -> String.format(Locale.ROOT, "%,d idle authenticated sockets on %s, %s", sockets,
                URI.create(url).getRawPath(), ingest ? "a child each" : perUser ? "a user each" : "one user") + (socketIo ? ", Socket.IO" : ""))));
        b.append(String.format(Locale.ROOT, "  sockets              %d opened of %d, %d still open at the reading%n", opened, sockets, still));
        b.append(String.format(Locale.ROOT, "  server RSS           %.1f MiB -> %.1f MiB: %.2f KB per socket%n",
                before.rssBytes() / 1048576.0, after.rssBytes() / 1048576.0, rss));
        b.append(String.format(Locale.ROOT, "  server live heap     %.1f MiB -> %.1f MiB: %.2f KB per socket (after 2 full GCs)%n",
                before.heapBytes() / 1048576.0, after.heapBytes() / 1048576.0, heap));
        b.append(String.format(Locale.ROOT, "  RSS beyond the heap  %.2f KB per socket (native memory and heap pages first touched)%n", rss - heap));
        b.append(String.format(Locale.ROOT, "  server open files    %d -> %d%n", before.openFiles(), after.openFiles()));
        String json = String.format(Locale.ROOT, "{\"scenario\":\"idle\",\"sockets\":%d,\"opened\":%d,\"stillOpen\":%d,"
                        + "\"rssBefore\":%d,\"rssAfter\":%d,\"heapBefore\":%d,\"heapAfter\":%d,\"rssKbPerSocket\":%.2f,\"heapKbPerSocket\":%.2f}",
                sockets, opened, still, before.rssBytes(), after.rssBytes(), before.heapBytes(), after.heapBytes(), rss, heap);
        try {
            run.publish(b.toString(), json);
        } catch (java.io.IOException e) {
            System.err.println("bench: could not write " + run.jsonOut + ": " + e.getMessage());
        }
    }
}
