package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A phone per node streaming location fixes over its device socket ({@code /ws/ingest/<child hash>/}), each sent
 * after the previous one was acked, a second apart in recorded time. When its node goes away before the ack, the
 * phone connects to another node and sends the same fix again, as the SDK does.
 *
 * <p>Nothing lost means: every acked fix is in {@code location_history} exactly once, and nothing else is.
 */
final class DeviceTraffic implements Traffic {
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final PostgresSchema schema;
    private final long paceMillis;
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(3, ChronoUnit.HOURS);
    private final List<Phone> phones = new ArrayList<>();

    /** Traffic with one phone per node, each pausing {@code paceMillis} after an ack. */
    DeviceTraffic(Cluster cluster, PostgresSchema schema, long paceMillis) {
        this.cluster = cluster;
        this.schema = schema;
        this.paceMillis = paceMillis;
    }

    @Override
    public void start() {
        List<NodeProcess> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProcess node = nodes.get(i);
            String parent = "parent-" + i;
            HttpReply enrolled = node.http().postJson("/api/children/", Map.of("name", "Child " + i),
                    Map.of("Authorization", "Bearer " + node.token(parent)));
            assertThat(enrolled.status()).as("enrol: %s", enrolled).isEqualTo(201);
            JsonNode child = enrolled.json();
            phones.add(new Phone(i, node, child.get("id").asLong(), child.get("child_hash").asText()));
        }
        phones.forEach(ClientLoop::startLoop);
    }

    @Override
    public void awaitProgress(int count, Duration timeout) {
        Map<Phone, Long> from = new HashMap<>();
        phones.forEach(p -> from.put(p, p.lastAcked));
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                phones.stream().allMatch(p -> p.lastAcked >= from.get(p) + count))
                .as(() -> "phones got " + phones.stream().map(p -> p.lastAcked - from.get(p)).toList()
                        + " more acks, expected " + count + " each; " + failures()).isTrue());
    }

    @Override
    public void stopProducing() {
        phones.forEach(p -> p.stopping = true);
        for (Phone p : phones) {
            Throwable t = p.awaitEnd();
            if (t != null) {
                throw new AssertionError("phone " + p.id + " failed: " + t, t);
            }
        }
    }

    @Override
    public void awaitDelivered(Duration timeout) {
        // An ack means committed: there is nothing to wait for.
    }

    @Override
    public void assertNothingLost() {
        for (Phone p : phones) {
            List<Long> stored = storedFixes(p.childId).stream()
                    .map(at -> (at - base.toEpochMilli()) / 1000).toList();
            Ranges.assertRange("phone " + p.id + ": the fixes stored (seconds after the first), each once", stored, 1,
                    p.lastAcked);
        }
    }

    @Override
    public int moves() {
        return phones.stream().mapToInt(p -> p.moves).sum();
    }

    @Override
    public void close() {
        phones.forEach(ClientLoop::join);
    }

    private List<Long> storedFixes(long childId) {
        try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), null);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT recorded_at FROM location_history WHERE child_id = ? ORDER BY recorded_at")) {
            ps.setLong(1, childId);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new AssertionError("cannot read location_history: " + e.getMessage(), e);
        }
    }

    private String failures() {
        List<String> out = new ArrayList<>();
        phones.stream().filter(p -> p.failure() != null).forEach(p -> out.add("phone " + p.id + ": " + p.failure()));
        return out.isEmpty() ? "no phone failed" : String.join("; ", out);
    }

    private final class Phone extends ClientLoop {
        final int id;
        final long childId;
        final String hash;
        volatile long lastAcked;
        volatile boolean stopping;
        volatile int moves;
        private NodeProcess node;
        private TestClient client;
        private boolean retrying;

        Phone(int id, NodeProcess node, long childId, String hash) {
            super("phone-" + id);
            this.id = id;
            this.childId = childId;
            this.hash = hash;
            this.node = node;
            this.client = open(node);
        }

        private TestClient open(NodeProcess on) {
            TestClient phone = on.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + hash + "/"));
            phone.awaitEstablished();
            return phone;
        }

        @Override
        void turn() {
            if (stopping && !retrying) {
                halt();
                return;
            }
            long k = lastAcked + 1;
            ObjectNode fix = Json.object().put("timestamp", base.plusSeconds(k).toString())
                    .put("latitude", 10 + id).put("longitude", 20 + id);
            try {
                Reply r = client.request("location", fix);
                if (r.isAck()) {
                    lastAcked = k;
                    retrying = false;
                    sleep(paceMillis);
                    return;
                }
                if (!r.errorTemporary()) {
                    throw new AssertionError("location refused: " + r);
                }
            } catch (AssertionError e) {
                if (client.isOpen()) {
                    throw e;
                }
                retrying = true;
                client.close();
                Cluster.Connected<TestClient> moved = cluster.connect(node, this::open, MOVE_TIMEOUT);
                node = moved.node();
                client = moved.client();
                moves++;
                return;
            }
            retrying = true;
            sleep(100);
        }

        @Override
        void finish() {
            client.close();
        }
    }
}
