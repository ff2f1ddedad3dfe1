package com.example.device;

import io.switchboard.client.ClientStats;
import io.switchboard.client.SwitchboardClient;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A phone app as the no-loss test runs it in a process of its own: for each device (child hash) a client with a
 * file buffer in {@code <root>/<device>/}, sending its {@link Workload} at a steady rate. It remembers how far each
 * device got in {@code <root>/<device>.progress} (written after each send returns, so a process killed and started
 * again goes on where it was; a message sent but not yet counted is made again with a new id, and the server's
 * natural keys store it once). When all is sent it waits until every buffer is empty and exits 0.
 *
 * <p>It uses the SDK through its public API only, as an app would.
 *
 * <pre>args: url root baseEpochMillis firstDay perDevice ratePerDevice hash...</pre>
 */
public final class StreamerMain {
    private StreamerMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        Path root = Paths.get(args[1]);
        Instant base = Instant.ofEpochMilli(Long.parseLong(args[2]));
        LocalDate firstDay = LocalDate.parse(args[3]);
        int perDevice = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        List<Thread> threads = new ArrayList<>();
        List<SwitchboardClient> clients = new ArrayList<>();
        for (int d = 0; d < args.length - 6; d++) {
            int device = d;
            String hash = args[6 + d];
            SwitchboardClient client = SwitchboardClient.builder(url)
                    .childHash(hash)
                    .bufferDirectory(root.resolve(String.valueOf(device)))
                    .backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.5)
                    .heartbeatInterval(Duration.ofSeconds(2))
                    .connectTimeout(Duration.ofSeconds(2))
                    .httpTimeout(Duration.ofSeconds(5))
                    .httpBatchSize(50)
                    .maxSendRate(0) // the test's server has its rate limit raised
                    .onStateChange((from, to) -> log("device " + device + " " + from + " -> " + to))
                    .onFatal(e -> log("device " + device + " FATAL " + e))
                    .onDelivery(new io.switchboard.client.DeliveryListener() {
                        @Override
                        public void onRejected(io.switchboard.client.Delivery delivery, io.switchboard.client.ServerError error) {
                            log("device " + device + " REJECTED " + delivery + ": " + error);
                        }
                    })
                    .build();
            clients.add(client);
            log("device " + device + " recovered " + client.buffered() + " buffered messages");
            client.start();
            Workload workload = new Workload(base, firstDay, device);
            Thread t = new Thread(() -> stream(client, workload, root.resolve(device + ".progress"), perDevice, rate), "device-" + d);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        boolean all = true;
        for (int d = 0; d < clients.size(); d++) {
            SwitchboardClient client = clients.get(d);
            boolean drained = client.awaitDrained(Duration.ofSeconds(90));
            all &= drained;
            ClientStats s = client.stats();
            log("STATS device=" + d + " drained=" + drained + " sentWebSocket=" + s.sentWebSocket() + " sentHttp=" + s.sentHttp()
                    + " acked=" + s.acked() + " rejected=" + s.rejected() + " resent=" + s.resent() + " reconnects=" + s.reconnects()
                    + " fallbackMillis=" + s.fallbackMillis() + " offlineMillis=" + s.offlineMillis() + " dropped=" + s.dropped()
                    + " recovered=" + s.recovered());
            client.close();
        }
        System.exit(all ? 0 : 1);
    }

    private static void stream(SwitchboardClient client, Workload workload, Path progressFile, int count, int rate) {
        try (RandomAccessFile progress = new RandomAccessFile(progressFile.toFile(), "rw")) {
            int k = progress.length() >= 4 ? progress.readInt() : 0;
            long start = System.nanoTime();
            int first = k;
            for (; k < count; k++) {
                long due = start + (long) ((k - first) * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                client.send(workload.message(k));
                progress.seek(0);
                progress.write(java.nio.ByteBuffer.allocate(4).putInt(k + 1).array()); // one write: never torn by a kill
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static synchronized void log(String line) {
        System.out.println(System.currentTimeMillis() + " " + line);
        System.out.flush();
    }
}
