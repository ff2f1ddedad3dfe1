package io.switchboard.client.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.device.StreamerMain;
import com.example.device.Workload;
import io.switchboard.testtags.NeedsProcesses;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof: four devices stream 10,000 mixed messages through the SDK, in a process of their own, while
 * (a) the server is stopped and started again (same port, same SQLite file), (b) the server comes back with its device
 * sockets refused, so the HTTP fallback carries the traffic, then with them again, and (c) the device process is
 * killed (SIGKILL) and started again on the same buffers, once while the server is down (its buffers full) and once
 * mid-stream on the socket. Afterwards the database holds exactly the
 * 10,000 records, none missing and none twice, and each device's records were stored in the order sent.
 */
@Timeout(180)
@NeedsProcesses
class NoMessageLostTest {
    private static final int DEVICES = 4;
    private static final int PER_DEVICE = 2_500;
    private static final int RATE_PER_DEVICE = 125;

    @TempDir
    Path dir;

    @Test
    void ten_thousand_messages_arrive_exactly_once_and_in_order_through_restarts_a_refused_socket_and_a_killed_client()
            throws Exception {
        Path data = Files.createDirectories(dir.resolve("server"));
        Path devices = Files.createDirectories(dir.resolve("devices"));
        Instant base = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
        LocalDate firstDay = LocalDate.now(ZoneOffset.UTC).minusDays(PER_DEVICE / 10 + 2);
        try (IngestNode node = new IngestNode(data, Map.of()).start(true)) {
            List<IngestNode.Enrolled> children = new ArrayList<>();
            for (int d = 0; d < DEVICES; d++) {
                children.add(node.enrol("no-loss-parent", "device " + d));
            }
            List<String> command = streamerCommand(node.url(), devices, base, firstDay, children);

            // Each stage waits for progress counted from when the previous step returned: a slow graceful stop can
            // take longer than the 500 messages a fixed threshold would leave for the devices to buffer.
            Process first = launch(command, dir.resolve("streamer-1.log"));
            awaitProgress(devices, 1_000, first);
            node.stop();                                   // (a) the server goes away: 1001, then nothing listens
            awaitMore(devices, 500, first);                //     the devices buffer what they send meanwhile
            first.destroyForcibly();                       // (c) the phone app is killed with a full buffer
            assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Process second = launch(command, dir.resolve("streamer-2.log"));
            awaitAllOffline(dir.resolve("streamer-2.log"), second); //     it starts on them and finds the server away
            node.start(true);                              // (a) the server is back on the same port and database

            awaitMore(devices, 2_000, second);
            second.destroyForcibly();                      // (c) killed again, this time mid-stream on the socket
            assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Process third = launch(command, dir.resolve("streamer-3.log"));

            awaitMore(devices, 1_500, third);
            node.stop();                                   // (a) again, and (b): back with the device sockets refused
            node.start(false);
            awaitMore(devices, 1_000, third);
            double storedOverHttp = awaitStoredOverHttp(node, third);
            node.stop();
            node.start(true);                              // the sockets are back; the clients move back to them

            assertThat(third.waitFor(120, TimeUnit.SECONDS)).as("the last device process finishes").isTrue();
            String secondLog = Files.readString(dir.resolve("streamer-2.log"), StandardCharsets.UTF_8);
            String log = Files.readString(dir.resolve("streamer-3.log"), StandardCharsets.UTF_8);
            System.out.println("first device process (killed while the server was down):\n"
                    + Files.readString(dir.resolve("streamer-1.log"), StandardCharsets.UTF_8));
            System.out.println("second device process (killed mid-stream):\n" + secondLog);
            System.out.println("third device process:\n" + log);
            System.out.println("stored over HTTP while the sockets were refused: " + storedOverHttp);
            assertThat(third.exitValue()).as("every buffer drained:%n%s", tail(log)).isZero();

            assertThat(recovered(secondLog)).as("messages the killed process left in its buffers").isGreaterThan(100);
            assertThat(storedOverHttp).as("messages stored over HTTP while the sockets were refused").isGreaterThan(0);
            assertThat(log).contains("-> SENDING_HTTP").contains("SENDING_HTTP -> CONNECTED_WEBSOCKET");
            assertThat(log).doesNotContain("REJECTED").doesNotContain("FATAL");

            int total = 0;
            for (int d = 0; d < DEVICES; d++) {
                total += assertDeviceStream(node, children.get(d).id(), new Workload(base, firstDay, d));
            }
            assertThat(total).isEqualTo(DEVICES * PER_DEVICE);
        }
    }

    /** Checks one device's rows: every k exactly once, stored in the order sent; returns how many records. */
    private int assertDeviceStream(IngestNode node, long childId, Workload workload) {
        List<Integer> locations = node.sql(c -> column(c, "SELECT recorded_at FROM location_history WHERE child_id = ? ORDER BY id", childId))
                .stream().map(t -> workload.kOfTime(t)).collect(Collectors.toList());
        List<Integer> visits = node.sql(c -> column(c, "SELECT accessed_at FROM site_access_log WHERE child_id = ? ORDER BY id", childId))
                .stream().map(t -> workload.kOfTime(t)).collect(Collectors.toList());
        List<Integer> days = node.sql(c -> column(c, "SELECT total_seconds FROM screen_time WHERE child_id = ? ORDER BY id", childId))
                .stream().map(Long::intValue).collect(Collectors.toList());
        assertThat(locations).as("child %d: locations, in the order stored", childId).isEqualTo(expected("location"));
        assertThat(visits).as("child %d: site accesses, in the order stored", childId).isEqualTo(expected("site_access"));
        assertThat(days).as("child %d: screen time days, in the order stored", childId).isEqualTo(expected("screen_time"));
        return locations.size() + visits.size() + days.size();
    }

    private static List<Integer> expected(String type) {
        return IntStream.range(0, PER_DEVICE).filter(k -> Workload.typeOf(k).equals(type)).boxed().collect(Collectors.toList());
    }

    private static List<Long> column(java.sql.Connection c, String sql, long childId) throws java.sql.SQLException {
        List<Long> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, childId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
        }
        return out;
    }

    private static List<String> streamerCommand(String url, Path devices, Instant base, LocalDate firstDay,
                                                List<IngestNode.Enrolled> children) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                StreamerMain.class.getName(), url, devices.toString(), String.valueOf(base.toEpochMilli()), firstDay.toString(),
                String.valueOf(PER_DEVICE), String.valueOf(RATE_PER_DEVICE)));
        children.forEach(c -> command.add(c.hash()));
        return command;
    }

    private static Process launch(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until the devices together have sent {@code messages}. */
    private void awaitProgress(Path devices, int messages, Process streamer) {
        await(messages + " messages sent").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (progress(devices) >= messages) {
                return true;
            }
            assertThat(streamer.isAlive()).as("the device process is running").isTrue();
            return false;
        });
    }

    /** Waits until every device of the process writing {@code log} has gone offline (tried the server and found none). */
    private static void awaitAllOffline(Path log, Process streamer) {
        await("every device offline").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
            assertThat(streamer.isAlive()).as("the device process is running").isTrue();
            String written = Files.readString(log, StandardCharsets.UTF_8);
            return IntStream.range(0, DEVICES).allMatch(d -> written.matches("(?s).*device " + d + " \\w+ -> OFFLINE.*"));
        });
    }

    /** Waits until the devices have sent {@code more} messages beyond what they had sent when called. */
    private void awaitMore(Path devices, int more, Process streamer) throws IOException {
        awaitProgress(devices, progress(devices) + more, streamer);
    }

    /** Waits until the node has stored something that came over the HTTP fallback, and returns how much. */
    private static double awaitStoredOverHttp(IngestNode node, Process streamer) {
        return await("something stored over HTTP").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> node.server().metric("switchboard_ingest_stored_by_transport_total{transport=\"http\"}"),
                        stored -> stored > 0 || !streamer.isAlive());
    }

    private static int progress(Path devices) throws IOException {
        int sum = 0;
        for (int d = 0; d < DEVICES; d++) {
            Path p = devices.resolve(d + ".progress");
            if (Files.exists(p)) {
                try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
                    sum += f.length() >= 4 ? f.readInt() : 0;
                }
            }
        }
        return sum;
    }

    /** The messages the processes found in their buffers at start, summed over the devices. */
    private static int recovered(String log) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("recovered (\\d+) buffered").matcher(log);
        int sum = 0;
        while (m.find()) {
            sum += Integer.parseInt(m.group(1));
        }
        return sum;
    }

    private static String tail(String log) {
        return log.length() > 6_000 ? log.substring(log.length() - 6_000) : log;
    }
}
