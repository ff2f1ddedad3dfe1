package io.switchboard.tests.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.TestClient;
import io.switchboard.testtags.NeedsProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12's stalled readers at a scale CI affords: a node with a 256 MiB heap (what {@link NodeProcess} starts
 * with) and its default outbound budget (a quarter of the heap), a few hundred sockets that subscribe to a channel
 * and then never read, and a backend publishing 32 KiB messages to it. The node must cut the stalled sockets off
 * with 4100 (the largest stalled backlogs first once the node's budget is reached, then each at its own share) instead of
 * filling its heap, and keep serving everyone else: a reading subscriber gets every accepted message in order,
 * ingest acks, {@code /health/live} answers, and its resident memory stays within heap + budget + a margin.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@NeedsProcesses
class StalledReadersTest {
    private static final String CHANNEL = "public:flood";
    private static final int STALLED = 300;
    private static final String PAD = "x".repeat(32 * 1024);
    /** Enough to fill the stalled sockets' kernel buffers and then the node's budget several times over. */
    private static final int MAX_PUBLICATIONS = 4_000;
    private static final long MIB = 1L << 20;
    /** The maximum heap {@link NodeProcess} starts a node with ({@code -Xmx256m}). */
    private static final long HEAP = 256 * MIB;
    /**
     * What the JVM holds besides the heap and the frames the budget counts: metaspace and code, thread stacks,
     * Netty's pooled direct buffers, the collector's own structures. The whole node peaked at about 160 MiB of RSS
     * in this test (its heap is not all committed), far under heap + budget + this.
     */
    private static final long NON_HEAP_MARGIN = 128 * MIB;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void stalled_readers_are_closed_with_4100_while_the_node_stays_up_a_reader_keeps_up_and_ingest_acks()
            throws IOException {
        Map<String, String> settings = Map.of(
                // Each stalled socket may hold 512 KiB: 300 of them could hold 150 MiB, over the node's 64 MiB.
                "outbound-connection-bytes", "512k",
                // Only the backlog closes them here, not the heartbeat.
                "idle-timeout", "10m",
                "connect-rate-per-ip", "100000",
                "connect-burst-per-ip", "100000");
        List<StalledSocket> stalled = new ArrayList<>();
        try (NodeProcess node = NodeProcess.start(settings, Path.of("target", "cluster-logs", "stalled-readers.log"))) {
            double budget = metric(node, "switchboard_outbound_budget_bytes{scope=\"node\"}");
            assertThat(budget).as("a quarter of the heap by default").isBetween(HEAP / 5.0, HEAP / 4.0);
            TestClient reader = node.client("reader");
            reader.subscribe(CHANNEL);
            for (int i = 0; i < STALLED; i++) {
                stalled.add(StalledSocket.subscribe(node.port(), node.token("stalled-" + i), CHANNEL));
            }
            assertThat(metric(node, "switchboard_connections_open")).isEqualTo(STALLED + 1);

            int accepted = 0;
            int refused = 0;
            int publications = 0;
            long peakRss = 0;
            while (publications < MAX_PUBLICATIONS && metric(node, "switchboard_connections_open") > 1) {
                for (int i = 0; i < 10; i++, publications++) {
                    HttpReply reply = node.http().publish(CHANNEL, Map.of("seq", accepted, "pad", PAD));
                    if (reply.status() == 202) {
                        assertThat(reader.awaitMessage(CHANNEL).path("data").path("seq").asInt()).isEqualTo(accepted);
                        accepted++;
                    } else {
                        assertThat(reply.status()).as("publish refused: %s", reply).isEqualTo(503);
                        assertThat(reply.errorCode()).isEqualTo("unavailable");
                        refused++;
                        // Refused while the backlog is at its budget: wait until closed sockets freed theirs.
                        awaitMetrics(node, "the backlog under its budget",
                                () -> metric(node, "switchboard_outbound_backlog_bytes") < budget);
                    }
                }
                peakRss = Math.max(peakRss, procStatus(node, "VmRSS"));
            }

            awaitMetrics(node, "every stalled socket gone", () -> metric(node, "switchboard_connections_open") == 1);
            double byBudget = metric(node, "switchboard_slow_consumer_closes_total{reason=\"node_budget\"}");
            double byShare = metric(node, "switchboard_slow_consumer_closes_total{reason=\"connection_bytes\"}");
            double byFrames = metric(node, "switchboard_slow_consumer_closes_total{reason=\"connection_frames\"}");
            long highWater = procStatus(node, "VmHWM");
            System.out.printf("stalled readers: %d sockets, %d publications (%d accepted, %d refused), 4100 closes: "
                    + "%.0f at the node budget, %.0f at the connection share, %.0f at the frame limit; "
                    + "budget %.1f MiB; "
                    + "RSS peak sampled %.1f MiB, VmHWM %.1f MiB%n", STALLED, publications, accepted, refused, byBudget,
                    byShare, byFrames, budget / MIB, peakRss / (double) MIB, highWater / (double) MIB);

            assertThat(metric(node, "switchboard_closes_total{code=\"" + CloseCode.SLOW_CONSUMER.code() + "\"}"))
                    .as("every stalled socket closed as a slow consumer").isEqualTo(STALLED);
            assertThat(byBudget + byShare + byFrames).isEqualTo(STALLED);
            assertThat(byBudget).as("the node's budget was reached before any socket's share").isPositive();
            awaitMetrics(node, "the backlog freed", () -> metric(node, "switchboard_outbound_backlog_bytes") < MIB);

            assertThat(reader.isOpen()).isTrue();
            assertThat(node.http().publish(CHANNEL, Map.of("seq", accepted, "pad", PAD)).status()).isEqualTo(202);
            assertThat(reader.awaitMessage(CHANNEL).path("data").path("seq").asInt()).isEqualTo(accepted);
            assertThat(reader.ping().path("type").asText()).isEqualTo("pong");
            assertIngestAcks(node);
            assertThat(node.http().get("/health/live").status()).isEqualTo(200);
            assertThat(node.isRunning()).isTrue();
            assertThat(highWater).as("peak RSS within heap + budget + %d MiB", NON_HEAP_MARGIN / MIB)
                    .isLessThanOrEqualTo(HEAP + (long) budget + NON_HEAP_MARGIN);
        } finally {
            for (StalledSocket s : stalled) {
                s.close();
            }
        }
    }

    /** Waits until {@code condition} holds, or fails with the node's outbound meters after {@link #WAIT}. */
    private static void awaitMetrics(NodeProcess node, String what, Callable<Boolean> condition) {
        try {
            await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition);
        } catch (ConditionTimeoutException e) {
            String meters = node.http().get("/metrics").body().lines()
                    .filter(l -> !l.startsWith("#") && (l.contains("outbound") || l.contains("connections_open")
                            || l.contains("slow_consumer") || l.contains("closes_total")))
                    .collect(Collectors.joining("\n"));
            throw new AssertionError(what + " not within " + WAIT.toSeconds() + " s; meters:\n" + meters, e);
        }
    }

    /** A device's message over {@code POST /api/ingest/} is stored and acked. */
    private static void assertIngestAcks(NodeProcess node) {
        HttpReply enrolled = node.http().postJson("/api/children/", Map.of("name", "Sam"),
                Map.of("Authorization", "Bearer " + node.token("parent")));
        assertThat(enrolled.status()).as("enrol: %s", enrolled).isEqualTo(201);
        String hash = enrolled.json().get("child_hash").asText();
        String aMinuteAgo = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS).toString();
        var location = Json.object().put("timestamp", aMinuteAgo)
                .put("latitude", 5).put("longitude", 6);
        var envelope = Json.object().put("type", "location").put("id", "l1");
        envelope.set("data", location);
        HttpReply acked = node.http().postJson("/api/ingest/", envelope, Map.of("X-Child-Hash", hash));
        assertThat(acked.status()).as("ingest: %s", acked).isEqualTo(200);
        assertThat(acked.json().path("type").asText()).isEqualTo("ack");
    }

    /** One series of the node's {@code /metrics}, written exactly as exposed; 0 when absent. */
    private static double metric(NodeProcess node, String series) {
        for (String line : node.http().get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }

    /** A size line of {@code /proc/<pid>/status} ({@code VmRSS}, {@code VmHWM}), in bytes. */
    private static long procStatus(NodeProcess node, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(node.pid()), "status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]) * 1024;
            }
        }
        throw new IllegalStateException(field + " not in /proc/" + node.pid() + "/status");
    }
}
