package io.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.Settings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BatchWriterTest {
    @TempDir
    Path dir;
    Vertx vertx;
    Database db;
    final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
    final CountDownLatch gate = new CountDownLatch(1);

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        db = Database.open(vertx, Settings.from(Map.of("data-dir", dir.toString())).database());
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bw_items (k VARCHAR(32) PRIMARY KEY, lane_key INTEGER NOT NULL, seq INTEGER NOT NULL)");
        }
    }

    @AfterEach
    void close() {
        db.close();
        vertx.close().await();
    }

    /** Inserts each item; "hold" waits for the gate, "bad" inserts then fails. */
    final class Inserts implements BatchWork<String, String> {
        @Override
        public void prepare(Connection c, List<String> items) {
            batchSizes.add(items.size());
        }

        @Override
        public List<String> write(Connection c, List<String> items) throws SQLException {
            List<String> out = new ArrayList<>();
            for (String item : items) {
                if (item.startsWith("hold")) {
                    await(gate);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO bw_items (k, lane_key, seq) VALUES (?, ?, ?)")) {
                    ps.setString(1, item);
                    ps.setInt(2, item.hashCode() % 2);
                    ps.setInt(3, 0);
                    ps.executeUpdate();
                }
                if (item.startsWith("bad")) {
                    throw new ProtocolException(ErrorCode.INVALID_FIELD, "bad item", "item");
                }
                out.add("stored " + item);
            }
            return out;
        }
    }

    private BatchWriter<String, String> writer(int lanes, int capacity) {
        return db.batchWriter(new BatchWriter.Options("test", lanes, capacity, 100), new Inserts(), new SimpleMeterRegistry());
    }

    @Test
    void items_waiting_together_share_one_transaction_and_each_completes_after_its_commit() throws Exception {
        BatchWriter<String, String> w = writer(1, 100);
        Future<String> first = w.submit(1, "hold-1");
        waitUntil(() -> batchSizes.size() == 1);
        List<Future<String>> rest = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rest.add(w.submit(1, "item-" + i));
        }
        List<Boolean> visibleWhenAcked = new CopyOnWriteArrayList<>();
        rest.forEach(f -> f.onSuccess(r -> visibleWhenAcked.add(exists(r.substring("stored ".length())))));

        gate.countDown();
        Future.all(rest).await(10, TimeUnit.SECONDS);

        assertThat(first.await(10, TimeUnit.SECONDS)).isEqualTo("stored hold-1");
        assertThat(batchSizes).containsExactly(1, 10);
        assertThat(visibleWhenAcked).hasSize(10).containsOnly(true);
    }

    @Test
    void an_item_that_fails_fails_alone_and_leaves_no_row() throws Exception {
        BatchWriter<String, String> w = writer(1, 100);
        w.submit(1, "hold-2");
        waitUntil(() -> batchSizes.size() == 1);
        Future<String> a = w.submit(1, "a");
        Future<String> bad = w.submit(1, "bad-1");
        Future<String> b = w.submit(1, "b");

        gate.countDown();
        Future.join(a, bad, b).otherwiseEmpty().await(10, TimeUnit.SECONDS);

        assertThat(a.succeeded()).isTrue();
        assertThat(b.succeeded()).isTrue();
        assertThat(bad.failed()).isTrue();
        assertThat(((ProtocolException) bad.cause()).code()).isEqualTo(ErrorCode.INVALID_FIELD);
        assertThat(exists("a")).isTrue();
        assertThat(exists("b")).isTrue();
        assertThat(exists("bad-1")).isFalse();
    }

    @Test
    void a_full_queue_refuses_at_once_with_a_temporary_error() throws Exception {
        BatchWriter<String, String> w = writer(1, 2);
        w.submit(1, "hold-3");
        waitUntil(() -> batchSizes.size() == 1);
        Future<String> queued1 = w.submit(1, "q1");
        Future<String> queued2 = w.submit(1, "q2");

        Future<String> refused = w.submit(1, "q3");

        assertThat(refused.failed()).isTrue();
        ProtocolException e = (ProtocolException) refused.cause();
        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(e.code().temporary()).isTrue();
        gate.countDown();
        Future.all(queued1, queued2).await(10, TimeUnit.SECONDS);
        assertThat(exists("q3")).isFalse();
    }

    @Test
    void items_with_the_same_key_are_written_in_the_order_submitted() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        BatchWriter<String, String> w = db.batchWriter(new BatchWriter.Options("ordered", 2, 1000, 7), new BatchWork<>() {
            @Override
            public List<String> write(Connection c, List<String> items) {
                order.addAll(items);
                return items;
            }
        }, new SimpleMeterRegistry());
        List<Future<String>> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            all.add(w.submit(i % 2, (i % 2) + ":" + i));
        }

        Future.all(all).await(10, TimeUnit.SECONDS);

        for (String key : new String[] {"0:", "1:"}) {
            List<Integer> seen = order.stream().filter(s -> s.startsWith(key)).map(s -> Integer.parseInt(s.substring(2))).toList();
            assertThat(seen).hasSize(50).isSorted();
        }
    }

    @Test
    void a_future_completes_on_the_context_that_submitted_it() throws Exception {
        BatchWriter<String, String> w = writer(1, 100);
        gate.countDown();
        Promise<Boolean> sameContext = Promise.promise();

        vertx.runOnContext(v -> {
            Context mine = Vertx.currentContext();
            w.submit(1, "ctx").onComplete(ar -> sameContext.complete(Vertx.currentContext() == mine && Context.isOnEventLoopThread()));
        });

        assertThat(sameContext.future().await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void the_database_drains_queued_items_before_it_closes() throws Exception {
        BatchWriter<String, String> w = writer(1, 100);
        w.submit(1, "hold-4");
        Future<String> queued = w.submit(1, "late");
        new Thread(() -> {
            sleep(200);
            gate.countDown();
        }).start();

        assertThat(db.drain(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(queued.succeeded()).isTrue();
        assertThat(exists("late")).isTrue();
    }

    private boolean exists(String key) {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM bw_items WHERE k = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).pollInterval(java.time.Duration.ofMillis(5))
                .until(condition::getAsBoolean);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
