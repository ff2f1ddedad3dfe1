package io.switchboard.tests.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A node whose database's disk fills up: every write is refused with {@code storage_full} (temporary; HTTP 503 with
 * the JSON error, a socket {@code error} reply) and never acked, {@code /health/ready} says not ready while it lasts,
 * the log gets one line for the whole burst and no stack trace, and once there is room the same node takes writes
 * again and is ready. Each database fills its own way ({@link #fill}, {@link #makeRoom}).
 */
abstract class DiskFullContract {
    /** Refused writes the test makes in one burst: enough that a line per item would show. */
    static final int BURST = 60;

    abstract TestServer server();

    /** Makes the database's disk full, as writes of this node will find it. */
    abstract void fill() throws Exception;

    /** Frees room on it. */
    abstract void makeRoom() throws Exception;

    /** A payload that needs new room in the database (larger than a page, so no write fits in what is left). */
    static ObjectNode bulky(int i) {
        return Json.object().put("n", i).put("text", "x".repeat(6_000));
    }

    HttpReply emit(int i) {
        return server().http().postJson("/api/inbox/events",
                Map.of("user_id", "disk-user", "type", "note", "data", bulky(i)), Map.of("X-Api-Key", server().apiKey()));
    }

    @Test
    void a_full_disk_refuses_writes_with_storage_full_is_not_ready_logs_once_and_recovers() throws Exception {
        TestServer server = server();
        String hash = enrol(server, "disk-parent");
        assertThat(emit(0).status()).isEqualTo(201);
        assertThat(server.http().get("/health/ready").status()).isEqualTo(200);

        fill();
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        try {
            // A phone's socket: the refusal is an error reply, never an ack; small messages fill what room was left.
            try (TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + hash + "/"))) {
                phone.awaitEstablished();
                Reply refused = null;
                Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(1, ChronoUnit.HOURS);
                for (int i = 0; i < 2_000 && refused == null; i++) {
                    Reply r = phone.request("location", Json.object().put("timestamp", at.plusSeconds(i).toString())
                            .put("latitude", 52.52).put("longitude", 13.40));
                    if (r.isError()) {
                        refused = r;
                    }
                }
                assertThat(refused).as("a location refused on a full disk").isNotNull();
                assertThat(refused.errorCode()).isEqualTo("storage_full");
                assertThat(refused.errorTemporary()).isTrue();
            }
            for (int i = 1; i <= BURST; i++) {
                HttpReply r = emit(i);
                assertThat(r.status()).as("emit %d on a full disk: %s", i, r).isEqualTo(503);
                JsonNode error = r.json().get("error");
                assertThat(error.get("code").asText()).isEqualTo("storage_full");
                assertThat(error.get("temporary").asBoolean()).isTrue();
            }
            // A scheduled event is written in a transaction of its own, not by the group-commit writer.
            HttpReply scheduled = server.http().postJson("/api/inbox/events", Map.of("user_id", "disk-user", "type", "later",
                    "data", bulky(-1), "scheduled_at", Instant.now().plusSeconds(3_600).toString()),
                    Map.of("X-Api-Key", server.apiKey()));
            assertThat(scheduled.status()).as("a scheduled emit on a full disk: %s", scheduled).isEqualTo(503);
            assertThat(scheduled.json().at("/error/code").asText()).isEqualTo("storage_full");
            HttpReply ready = server.http().get("/health/ready");
            assertThat(ready.status()).as("ready on a full disk: %s", ready).isEqualTo(503);
            assertThat(ready.json().at("/checks/storage").asText()).isEqualTo("full");

            assertThat(server.metric("switchboard_errors_total{code=\"storage_full\"}")).isGreaterThanOrEqualTo(1);

            List<ILoggingEvent> loud = log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            assertThat(loud).as("warnings and errors logged during the burst: %s", loud).hasSize(1);
            assertThat(loud.get(0).getFormattedMessage()).contains("storage is full");
            assertThat(log.list).as("no stack trace for a refused write").allMatch(e -> e.getThrowableProxy() == null);

            makeRoom();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(emit(1_000).status()).isEqualTo(201));
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(server.http().get("/health/ready").status()).isEqualTo(200));
            assertThat(log.list).anyMatch(e -> e.getFormattedMessage().contains("takes writes again"));
        } finally {
            root.detachAppender(log);
        }
    }

    /** Enrols a child for {@code parent}; gives its device hash. */
    private static String enrol(TestServer server, String parent) {
        HttpReply r = server.http().postJson("/api/children/", Map.of("name", "Sam"),
                Map.of("Authorization", "Bearer " + server.token(parent)));
        assertThat(r.status()).as("enrol: %s", r).isEqualTo(201);
        return r.json().get("child_hash").asText();
    }
}
