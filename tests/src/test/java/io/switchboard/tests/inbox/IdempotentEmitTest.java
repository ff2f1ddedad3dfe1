package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backend that retries {@code POST /api/inbox/events} or {@code POST /api/publish} with the same
 * {@code Idempotency-Key} (because it never saw the first answer) gets the first answer again and nothing is stored or
 * published twice: on the same node, concurrently, after a restart, and on another node of the deployment.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdempotentEmitTest {
    @TempDir
    Path dataDir;

    static HttpReply emit(TestServer server, String key, Object body) {
        Map<String, String> headers = new HashMap<>(Map.of("X-Api-Key", server.apiKey()));
        if (key != null) {
            headers.put("Idempotency-Key", key);
        }
        return server.http().postJson("/api/inbox/events", body, headers);
    }

    static Map<String, Object> event(String user, String text) {
        return Map.of("user_id", user, "type", "note", "data", Map.of("text", text));
    }

    static long seq(HttpReply reply) {
        assertThat(reply.status()).as("emit: %s", reply).isEqualTo(201);
        return reply.json().get("seq").asLong();
    }

    @Test
    void a_retried_emit_returns_the_first_seq_and_stores_nothing_new() {
        try (TestServer server = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            long first = seq(emit(server, "emit-1", event("ada", "hello")));
            long again = seq(emit(server, "emit-1", event("ada", "hello")));
            assertThat(again).isEqualTo(first);
            long next = seq(emit(server, "emit-2", event("ada", "world")));
            assertThat(next).as("the retry took no sequence number").isEqualTo(first + 1);
            try (TestClient ada = server.userClient("ada", 0L)) {
                assertThat(ada.awaitEvents(2)).containsExactly(first, next);
                ada.assertNoPush(Duration.ofMillis(300));
            }
            // Without a key, the same body twice is two events, as before.
            assertThat(seq(emit(server, null, event("ada", "x")))).isEqualTo(next + 1);
            assertThat(seq(emit(server, null, event("ada", "x")))).isEqualTo(next + 2);
        }
    }

    @Test
    void the_same_key_for_another_event_is_a_conflict_and_a_bad_key_is_refused() {
        try (TestServer server = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            seq(emit(server, "k", event("bob", "one")));
            HttpReply other = emit(server, "k", event("bob", "two"));
            assertThat(other.status()).as("%s", other).isEqualTo(409);
            assertThat(other.json().at("/error/code").asText()).isEqualTo("conflict");
            assertThat(other.json().at("/error/field").asText()).isEqualTo("Idempotency-Key");
            HttpReply tooLong = emit(server, "x".repeat(256), event("bob", "three"));
            assertThat(tooLong.status()).isEqualTo(400);
            assertThat(tooLong.json().at("/error/code").asText()).isEqualTo("invalid_field");
            assertThat(tooLong.json().at("/error/field").asText()).isEqualTo("Idempotency-Key");
            assertThat(seq(emit(server, "k2", event("bob", "four")))).isEqualTo(2);
        }
    }

    @Test
    void concurrent_retries_store_one_event() throws Exception {
        try (TestServer server = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<CompletableFuture<Long>> replies = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    replies.add(CompletableFuture.supplyAsync(() -> seq(emit(server, "burst", event("cy", "once"))), pool));
                }
                for (CompletableFuture<Long> r : replies) {
                    assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(1);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(seq(emit(server, null, event("cy", "after")))).isEqualTo(2);
        }
    }

    @Test
    void an_array_retried_gives_the_same_results_and_a_scheduled_emit_is_stored_once() {
        try (TestServer server = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            List<Object> batch = List.of(event("dee", "a"), event("dee", "b"), Map.of("user_id", "dee", "type", "Bad!"));
            HttpReply first = emit(server, "array-1", batch);
            HttpReply again = emit(server, "array-1", batch);
            assertThat(first.status()).isEqualTo(200);
            assertThat(again.json()).isEqualTo(first.json());
            assertThat(seq(emit(server, null, event("dee", "c")))).isEqualTo(3);

            String at = Instant.now().plusSeconds(3_600).toString();
            Map<String, Object> later = Map.of("user_id", "dee", "type", "reminder", "data", Map.of(), "scheduled_at", at);
            HttpReply scheduled = emit(server, "later-1", later);
            HttpReply rescheduled = emit(server, "later-1", later);
            assertThat(scheduled.status()).isEqualTo(202);
            assertThat(rescheduled.status()).isEqualTo(202);
            assertThat(rescheduled.json()).isEqualTo(scheduled.json());
            assertThat(storedEvents(server, "dee")).isEqualTo(4);
        }
    }

    @Test
    void a_retry_after_a_restart_gets_the_first_answer() {
        int port;
        long first;
        try (TestServer before = TestServer.start(Map.of("data-dir", dataDir.toString()))) {
            port = before.port();
            first = seq(emit(before, "across-restart", event("eve", "hi")));
        }
        try (TestServer after = TestServer.start(Map.of("data-dir", dataDir.toString(), "port", String.valueOf(port)))) {
            assertThat(seq(emit(after, "across-restart", event("eve", "hi")))).isEqualTo(first);
            assertThat(seq(emit(after, "fresh", event("eve", "next")))).isEqualTo(first + 1);
        }
    }

    @Test
    void a_retried_publish_reaches_subscribers_once() {
        try (TestServer server = TestServer.start(Map.of("data-dir", dataDir.toString()));
             TestClient reader = server.client("reader")) {
            reader.subscribe("public:once");
            Map<String, String> headers = Map.of("X-Api-Key", server.apiKey(), "Idempotency-Key", "pub-1");
            Map<String, Object> body = Map.of("channel", "public:once", "data", Map.of("n", 1));
            HttpReply first = server.http().postJson("/api/publish", body, headers);
            HttpReply again = server.http().postJson("/api/publish", body, headers);
            assertThat(first.status()).isEqualTo(202);
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json()).isEqualTo(first.json());
            server.http().postJson("/api/publish", Map.of("channel", "public:once", "data", Map.of("n", 2)),
                    Map.of("X-Api-Key", server.apiKey()));
            assertThat(reader.awaitMessage("public:once").at("/data/n").asInt()).isEqualTo(1);
            assertThat(reader.awaitMessage("public:once").at("/data/n").asInt()).as("the retry published nothing").isEqualTo(2);
        }
    }

    @Test
    @NeedsPostgres
    void a_retry_that_reaches_another_node_gets_the_first_answer() {
        PostgresSchema schema = new PostgresSchema("idempotency");
        try (TestServer one = TestServer.start(schema.settings()); TestServer two = TestServer.start(withKeyOf(schema, one))) {
            long first = seq(emit(one, "two-nodes", event("fay", "hi")));
            assertThat(seq(emit(two, "two-nodes", event("fay", "hi")))).isEqualTo(first);
            assertThat(seq(emit(two, "other", event("fay", "next")))).isEqualTo(first + 1);
        } finally {
            schema.afterAll(null);
        }
    }

    private static int storedEvents(TestServer server, String user) {
        try (Connection c = server.switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM user_events WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, String> withKeyOf(PostgresSchema schema, TestServer one) {
        Map<String, String> settings = new HashMap<>(schema.settings());
        settings.put("api-key", one.apiKey());
        return settings;
    }
}
