package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-user events: a user per node with its socket {@code /ws/user/<id>} there, and a backend that emits
 * {@code {"i": 1, 2, 3…}} to each user in turn with {@code POST /api/inbox/events}, each request on the next node
 * (as a load balancer would send them), and sends one again to another node when its node did not answer (so that
 * one may be stored twice, under two sequence numbers). A user's socket processes events in sequence order, acks
 * every few, and when its node goes away reconnects to another node with {@code last_seq}.
 *
 * <p>Nothing lost means, for every user: the events received, over every socket the user had, carry the sequence
 * numbers 1 to the user's last, each once, in order; every acked emit arrived under the number its answer gave; an
 * event's data twice only when its first emit went unanswered.
 */
final class UserEventTraffic implements Traffic {
    private static final Duration MOVE_TIMEOUT = Duration.ofSeconds(30);
    private static final int ACK_EVERY = 10;

    private final Cluster cluster;
    private final PostgresSchema schema;
    private final long paceMillis;
    private final String prefix = "events-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final List<Reader> readers = new ArrayList<>();
    private Emitter emitter;

    /** Traffic with one user per node; the backend pauses {@code paceMillis} after each answered emit. */
    UserEventTraffic(Cluster cluster, PostgresSchema schema, long paceMillis) {
        this.cluster = cluster;
        this.schema = schema;
        this.paceMillis = paceMillis;
    }

    @Override
    public void start() {
        List<NodeProcess> nodes = cluster.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            readers.add(new Reader(i, nodes.get(i)));
        }
        readers.forEach(ClientLoop::startLoop);
        emitter = new Emitter(readers.size());
        emitter.startLoop();
    }

    @Override
    public void awaitProgress(int count, Duration timeout) {
        long from = emitter.acked;
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                emitter.acked >= from + count * readers.size())
                .as(() -> "the backend had " + (emitter.acked - from) + " more emits answered, expected "
                        + count * readers.size() + "; " + failures()).isTrue());
    }

    @Override
    public void stopProducing() {
        emitter.stopping = true;
        Throwable t = emitter.awaitEnd();
        if (t != null) {
            throw new AssertionError("the backend failed: " + t, t);
        }
    }

    @Override
    public void awaitDelivered(Duration timeout) {
        Map<String, Long> last = new HashMap<>();
        readers.forEach(r -> last.put(r.user, lastSeq(r.user)));
        await().atMost(timeout).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> assertThat(
                readers.stream().allMatch(r -> r.failure() == null && r.last >= last.get(r.user)))
                .as(() -> "users still miss events: " + readers.stream().map(r -> r.user + " at " + r.last + " of "
                        + last.get(r.user)).toList() + "; " + failures()).isTrue());
    }

    @Override
    public void assertNothingLost() {
        readers.forEach(ClientLoop::join);
        readers.forEach(ClientLoop::assertNoFailure);
        for (Reader r : readers) {
            List<long[]> got = r.received();
            long last = lastSeq(r.user);
            Ranges.assertRange(r.user + ": the sequence numbers received", got.stream().map(e -> e[0]).toList(), 1, last);
            Map<Long, Long> bySeq = new HashMap<>();
            got.forEach(e -> bySeq.put(e[0], e[1]));
            emitter.answered.get(r.index).forEach((seq, i) -> assertThat(bySeq.get(seq))
                    .as("%s: event %d was answered as seq %d", r.user, i, seq).isEqualTo(i));
            List<Long> data = got.stream().map(e -> e[1]).toList();
            Ranges.assertRange(r.user + ": the events' data, once each", data.stream().distinct().sorted().toList(), 1,
                    emitter.lastAcked[r.index]);
            for (long i : data.stream().distinct().toList()) {
                if (data.indexOf(i) != data.lastIndexOf(i)) {
                    assertThat(emitter.unanswered).as("%s: event %d stored twice though its first emit was answered",
                            r.user, i).contains(r.index + ":" + i);
                }
            }
        }
    }

    @Override
    public int moves() {
        return readers.stream().mapToInt(r -> r.moves).sum();
    }

    @Override
    public void close() {
        if (emitter != null) {
            emitter.join();
        }
        readers.forEach(ClientLoop::join);
    }

    private long lastSeq(String user) {
        try (Connection c = DriverManager.getConnection(schema.url(), schema.user(), null);
             PreparedStatement ps = c.prepareStatement("SELECT last_seq FROM user_inbox WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot read user_inbox: " + e.getMessage(), e);
        }
    }

    private String failures() {
        List<String> out = new ArrayList<>();
        if (emitter != null && emitter.failure() != null) {
            out.add("backend: " + emitter.failure());
        }
        readers.stream().filter(r -> r.failure() != null).forEach(r -> out.add(r.user + ": " + r.failure()));
        return out.isEmpty() ? "no client failed" : String.join("; ", out);
    }

    /** The backend: emits to each user in turn, each request to the next running node. */
    private final class Emitter extends ClientLoop {
        final long[] lastAcked;
        final List<Map<Long, Long>> answered = new ArrayList<>();
        final Set<String> unanswered = ConcurrentHashMap.newKeySet();
        volatile long acked;
        volatile boolean stopping;
        private final java.util.Random random = new java.util.Random();
        private int turn;
        private int pendingUser = -1;

        Emitter(int users) {
            super("backend");
            this.lastAcked = new long[users];
            for (int u = 0; u < users; u++) {
                answered.add(new ConcurrentHashMap<>());
            }
        }

        @Override
        void turn() {
            if (stopping && pendingUser < 0) {
                halt();
                return;
            }
            int u = pendingUser >= 0 ? pendingUser : turn++ % lastAcked.length;
            long i = lastAcked[u] + 1;
            List<NodeProcess> running = cluster.running();
            List<NodeProcess> all = cluster.nodes();
            // Any node, whichever holds the user's socket: the backend knows nothing of where users are.
            NodeProcess node = running.isEmpty() ? all.get(0) : running.get(random.nextInt(running.size()));
            HttpReply reply;
            try {
                reply = node.http().postJson("/api/inbox/events",
                        Map.of("user_id", readers.get(u).user, "type", "tick", "data", Json.object().put("i", i)),
                        Map.of("X-Api-Key", cluster.apiKey()));
            } catch (AssertionError unreachable) {
                reply = null;
            }
            if (reply != null && reply.status() == 201) {
                answered.get(u).put(reply.json().get("seq").asLong(), i);
                lastAcked[u] = i;
                acked++;
                pendingUser = -1;
                sleep(paceMillis);
                return;
            }
            if (reply != null && reply.status() < 500) {
                throw new AssertionError("emit refused: " + reply);
            }
            // No answer, or the node is going away: whether it was stored is unknown; send it again elsewhere.
            unanswered.add(u + ":" + i);
            pendingUser = u;
            sleep(50);
        }

        @Override
        void finish() {
        }
    }

    /** One user's event socket, moving between nodes with {@code last_seq}. */
    private final class Reader extends ClientLoop {
        final int index;
        final String user;
        private final List<long[]> received = new ArrayList<>();
        volatile long last;
        volatile int moves;
        private long ackedUpTo;
        // An ack may not name a seq beyond the highest this socket was sent.
        private long socketHigh;
        private NodeProcess node;
        private TestClient client;

        Reader(int index, NodeProcess node) {
            super("user-" + index);
            this.index = index;
            this.user = prefix + index;
            this.node = node;
            this.client = open(node);
        }

        private TestClient open(NodeProcess on) {
            return on.userClient(user, last).timeout(Duration.ofMillis(200));
        }

        @Override
        void turn() {
            JsonNode event;
            try {
                event = client.awaitEvent();
            } catch (AssertionError e) {
                if (!client.isOpen()) {
                    move();
                } else {
                    ack();
                }
                return;
            }
            long seq = event.path("seq").asLong();
            synchronized (this) {
                received.add(new long[] {seq, event.path("data").path("i").asLong()});
            }
            if (seq > last) {
                last = seq;
            }
            socketHigh = Math.max(socketHigh, seq);
            if (last - ackedUpTo >= ACK_EVERY) {
                ack();
            }
        }

        private void ack() {
            long upTo = Math.min(last, socketHigh);
            if (upTo <= ackedUpTo) {
                return;
            }
            try {
                client.send(Json.write(Json.object().put("type", "ack").put("seq", upTo)));
                ackedUpTo = upTo;
            } catch (AssertionError e) {
                if (client.isOpen()) {
                    throw e;
                }
            }
        }

        private void move() {
            client.close();
            Cluster.Connected<TestClient> moved = cluster.connect(node, this::open, MOVE_TIMEOUT);
            node = moved.node();
            client = moved.client();
            socketHigh = 0;
            moves++;
        }

        synchronized List<long[]> received() {
            return List.copyOf(received);
        }

        @Override
        void finish() {
            client.close();
        }
    }
}
