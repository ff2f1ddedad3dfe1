package io.switchboard.client.cli;

import io.switchboard.client.AuthMode;
import io.switchboard.client.ClientBuilder;
import io.switchboard.client.ClientStats;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Delivery;
import io.switchboard.client.DeliveryListener;
import io.switchboard.client.FatalError;
import io.switchboard.client.ServerError;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.buffer.MemoryMessageBuffer;
import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.SiteVisit;
import io.switchboard.client.telemetry.Telemetry;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The command-line test client (the seed's websocket_test_client.py): exercises a running server's device
 * endpoints through the SDK and prints what it sent, what was acked and the latencies.
 *
 * <pre>
 *   java -jar client-java/target/switchboard-client-*.jar direct    --url http://127.0.0.1:8080 --child-hash H
 *   java -jar client-java/target/switchboard-client-*.jar auth-flow --url http://127.0.0.1:8080 --child-hash H
 *   java -jar client-java/target/switchboard-client-*.jar stream    --child-hash H --rate 100 --count 1000
 *   java -jar client-java/target/switchboard-client-*.jar reconnect --child-hash H --count 200 --every 50
 * </pre>
 * Exit status: 0 when every message was acked, 1 when some were not (refused, or not acked in time), 2 for a usage
 * error, 3 when the server refused the device for good.
 */
public final class TestClientMain {
    static final String USAGE = String.join("\n",
            "usage: switchboard-client MODE --child-hash HASH [options]",
            "modes:",
            "  direct      connect with the hash in the path (/ws/ingest/HASH/), send one message of each type, print the acks",
            "  auth-flow   the same over /ws/ingest-auth/, the hash in a first auth message",
            "  stream      send --count mixed messages at --rate per second; print progress, acks and latencies",
            "  reconnect   stream while dropping the socket every --every messages; every message must still be acked",
            "options:",
            "  --url URL          the server (default http://127.0.0.1:8080)",
            "  --child-hash HASH  the device's hash (or the SWITCHBOARD_CHILD_HASH environment variable)",
            "  --rate N           messages per second (stream, reconnect; default 50)",
            "  --count M          messages (stream 500, reconnect 200; direct and auth-flow: rounds of three, default 1)",
            "  --every K          messages between two reconnects (reconnect; default 50)",
            "  --buffer-dir DIR   keep the buffer in this directory (default: in memory)",
            "  --window W         messages in flight on the socket (default 64)",
            "  --max-rate N       messages per second on the socket at most (default 80; 0 for no limit)",
            "  --heartbeat DUR    heartbeat interval (default 20s)",
            "  --timeout DUR      how long to wait for the last acks (default 60s)",
            "  --verbose          a line per message in stream and reconnect modes too");
    private static final Set<String> OPTIONS = new HashSet<>(Arrays.asList("url", "child-hash", "rate", "count", "every",
            "buffer-dir", "window", "max-rate", "heartbeat", "timeout"));
    private static final Set<String> SWITCHES = new HashSet<>(Arrays.asList("verbose", "help"));
    private static final Set<String> MODES = new HashSet<>(Arrays.asList("direct", "auth-flow", "stream", "reconnect"));

    private TestClientMain() {
    }

    /** Runs the program and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the program, printing to {@code out} and {@code err}; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Args a;
        try {
            a = Args.parse(args, OPTIONS, SWITCHES);
            if (a.flag("help") || a.mode.equals("help")) {
                out.println(USAGE);
                return 0;
            }
            if (!MODES.contains(a.mode)) {
                throw new Args.UsageException("unknown mode '" + a.mode + "'");
            }
            return new Run(a, out).go();
        } catch (Args.UsageException e) {
            err.println("switchboard-client: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    /** One run of a mode. */
    private static final class Run implements DeliveryListener {
        private final Args args;
        private final PrintStream out;
        private final boolean perMessage;
        private final Latencies latencies = new Latencies();
        private final AtomicLong acked = new AtomicLong();
        private final AtomicLong rejected = new AtomicLong();
        private final AtomicLong viaHttp = new AtomicLong();
        private final AtomicReference<FatalError> fatal = new AtomicReference<>();
        private final SampleData samples = new SampleData();

        Run(Args args, PrintStream out) {
            this.args = args;
            this.out = out;
            this.perMessage = args.mode.equals("direct") || args.mode.equals("auth-flow") || args.flag("verbose");
        }

        int go() {
            String hash = args.string("child-hash", System.getenv("SWITCHBOARD_CHILD_HASH"));
            if (hash == null || hash.isEmpty()) {
                throw new Args.UsageException("--child-hash is required");
            }
            String url = args.string("url", "http://127.0.0.1:8080");
            ClientBuilder builder = SwitchboardClient.builder(url)
                    .childHash(hash)
                    .authMode(args.mode.equals("auth-flow") ? AuthMode.AUTH_FLOW : AuthMode.PATH)
                    .window(args.integer("window", 64, 1, 10_000))
                    .maxSendRate(args.integer("max-rate", 80, 0, 10_000_000))
                    .heartbeatInterval(args.duration("heartbeat", Duration.ofSeconds(20)))
                    .backoff(Duration.ofMillis(250), Duration.ofSeconds(5), 2.0, 0.5)
                    .onDelivery(this)
                    .onFatal(e -> {
                        fatal.set(e);
                        out.println("FATAL    " + e + " (the client stops; check the child hash)");
                    })
                    .onStateChange((from, to) -> out.println("state    " + from + " -> " + to));
            String dir = args.string("buffer-dir", null);
            if (dir != null) {
                builder.bufferDirectory(Paths.get(dir));
            } else {
                builder.buffer(new MemoryMessageBuffer());
            }
            out.println("server   " + url + " as child " + shorten(hash) + " (" + args.mode + ")");
            long started = System.nanoTime();
            long sent;
            try (SwitchboardClient client = builder.build()) {
                if (client.buffered() > 0) {
                    out.println("buffer   " + client.buffered() + " messages left by an earlier run, sent first");
                }
                client.start();
                sent = sendAll(client);
                Duration timeout = args.duration("timeout", Duration.ofSeconds(60));
                boolean drained = client.awaitDrained(timeout);
                double seconds = (System.nanoTime() - started) / 1e9;
                ClientStats stats = client.stats();
                out.printf("summary  sent %d, acked %d (%d over HTTP), rejected %d, still buffered %d, in %.1f s%n",
                        sent, acked.get(), viaHttp.get(), rejected.get(), client.buffered(), seconds);
                out.println("latency  send to ack: " + latencies.summary());
                out.println("client   " + stats);
                if (fatal.get() != null) {
                    return 3;
                }
                if (!drained) {
                    out.println("NOT ACKED: " + client.buffered() + " messages still buffered after " + timeout.toMillis() + " ms");
                    return 1;
                }
            }
            return rejected.get() == 0 ? 0 : 1;
        }

        private long sendAll(SwitchboardClient client) {
            switch (args.mode) {
                case "direct":
                case "auth-flow":
                    int rounds = args.integer("count", 1, 1, 10_000);
                    for (int i = 0; i < rounds && fatal.get() == null; i++) {
                        send(client, samples.screenTime());
                        send(client, samples.location());
                        send(client, samples.siteAccess());
                    }
                    return 3L * rounds;
                default:
                    return stream(client);
            }
        }

        private long stream(SwitchboardClient client) {
            boolean reconnect = args.mode.equals("reconnect");
            int count = args.integer("count", reconnect ? 200 : 500, 1, 100_000_000);
            int rate = args.integer("rate", 50, 1, 1_000_000);
            int every = args.integer("every", 50, 1, 100_000_000);
            long start = System.nanoTime();
            long nextReport = start + 1_000_000_000L;
            for (int i = 0; i < count && fatal.get() == null; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleepNanos(wait);
                }
                send(client, samples.next(i));
                if (reconnect && (i + 1) % every == 0 && i + 1 < count) {
                    // A drop while the previous reconnect is still under way would drop nothing: each drop waits
                    // (bounded) for the socket it drops, so the mode drops as often as it says.
                    long connectedBy = System.nanoTime() + 10_000_000_000L;
                    while (client.state() != ConnectionState.CONNECTED_WEBSOCKET && System.nanoTime() < connectedBy
                            && fatal.get() == null) {
                        sleepNanos(5_000_000);
                    }
                    out.println("reconnect after " + (i + 1) + " messages");
                    client.reconnectNow();
                }
                if (System.nanoTime() >= nextReport) {
                    nextReport += 1_000_000_000L;
                    out.printf("progress sent %d, acked %d, buffered %d, %s%n", i + 1, acked.get(), client.buffered(), client.state());
                }
            }
            return count;
        }

        private void send(SwitchboardClient client, Telemetry t) {
            String id = client.send(t);
            if (perMessage) {
                out.println("sent     " + pad(t.type()) + " " + id);
            }
        }

        @Override
        public void onAcked(Delivery d) {
            acked.incrementAndGet();
            if (d.transport() == io.switchboard.client.Transport.HTTP) {
                viaHttp.incrementAndGet();
            }
            latencies.add(d.sendToAnswerNanos());
            if (perMessage) {
                out.printf("acked    %s %s via %s in %.2f ms%n", pad(d.type()), d.id(), d.transport(), d.sendToAnswerNanos() / 1e6);
            }
        }

        @Override
        public void onRejected(Delivery d, ServerError e) {
            rejected.incrementAndGet();
            out.println("REJECTED " + pad(d.type()) + " " + d.id() + ": " + e);
        }

        @Override
        public void onDropped(String id, String type) {
            out.println("DROPPED  " + pad(type) + " " + id + " (buffer full)");
        }
    }

    /** Plausible telemetry: a walk around a point, today's screen time, a visited or blocked site. */
    private static final class SampleData {
        private static final String[] APPS = {"com.example.video", "com.example.chat", "com.example.game"};
        private static final String[] SITES = {"https://example.com/", "https://news.example.org/", "https://games.example.net/"};
        private double lat = 40.7128;
        private double lon = -74.0060;
        private int n;

        Telemetry next(int i) {
            switch (i % 10) {
                case 0:
                    return screenTime();
                case 1: case 2: case 3: case 4: case 5: case 6:
                    return location();
                default:
                    return siteAccess();
            }
        }

        Telemetry screenTime() {
            n++;
            ScreenTime.Builder b = ScreenTime.builder(LocalDate.now(ZoneOffset.UTC), Math.min(86_400, 600 + n));
            for (int a = 0; a < APPS.length; a++) {
                b.app(APPS[a], (n + a) % 24, Math.min(3_600, 60 * (a + 1) + n % 60));
            }
            return b.build();
        }

        Telemetry location() {
            n++;
            lat += ((n * 7919) % 11 - 5) * 1e-5;
            lon += ((n * 104_729) % 11 - 5) * 1e-5;
            return Location.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), lat, lon);
        }

        Telemetry siteAccess() {
            n++;
            return SiteAccess.of(SiteVisit.of(Instant.now().truncatedTo(ChronoUnit.MILLIS), SITES[n % SITES.length] + n, n % 4 != 0));
        }
    }

    private static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String pad(String type) {
        return String.format("%-11s", type);
    }

    private static String shorten(String hash) {
        return hash.length() <= 10 ? hash : hash.substring(0, 6) + "…";
    }
}
