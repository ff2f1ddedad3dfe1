package io.switchboard.tests.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node on PostgreSQL whose database goes away and comes back, without touching the machine's PostgreSQL: the
 * node reaches it through a {@link TcpProxy} that the test cuts (every connection closed, new ones reset) and
 * restores. While it is cut, writes are refused with {@code unavailable} and never acked, reads say why, readiness
 * says the database is down and sockets carry on; once it is back, the same node takes writes again and has lost
 * nothing it acked.
 */
@Timeout(120)
@NeedsPostgres
class PostgresOutageTest {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("outage");

    private static TcpProxy postgres;
    private static TestServer server;

    @BeforeAll
    static void start() {
        postgres = TcpProxy.to(SCHEMA.address());
        Map<String, String> settings = new HashMap<>(SCHEMA.settings(new InetSocketAddress("127.0.0.1", postgres.port())));
        settings.put("database-timeout", "2s");
        server = TestServer.start(settings, List.of(new UsersApp(), new IngestApp()));
    }

    @AfterAll
    static void stop() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            postgres.close();
        }
    }

    @AfterEach
    void restoreTheDatabase() {
        postgres.restore();
        awaitReady();
    }

    @Test
    void a_device_message_sent_while_the_database_is_away_is_refused_without_an_ack_and_its_retry_is_stored_once() {
        Child child = enrol("outage-parent", "Sam");
        try (TestClient phone = phone(child)) {
            phone.request("location", location(minutesAgo(10), 1.0, 2.0)).assertAck();

            postgres.cut();
            ObjectNode during = location(minutesAgo(5), 3.0, 4.0);
            Reply refused = phone.request("location", during);
            assertThat(refused.isError()).as("%s", refused).isTrue();
            assertThat(refused.errorCode()).isEqualTo("unavailable");
            assertThat(refused.errorTemporary()).isTrue();
            // Many at once: those queued behind the first are refused too, none waits for a later ack.
            for (int i = 0; i < 30; i++) {
                phone.send(Json.write(envelope("location", "burst" + i, location(minutesAgo(100 + i), 5.0, 6.0))));
            }
            for (int i = 0; i < 30; i++) {
                assertThat(phone.awaitReply("burst" + i).errorCode()).as("burst%d", i).isEqualTo("unavailable");
            }
            HttpReply fallback = server.http().postJson("/api/ingest/", envelope("location", "h1", during),
                    Map.of("X-Child-Hash", child.hash()));
            assertThat(fallback.status()).as("%s", fallback).isEqualTo(503);
            assertThat(fallback.errorCode()).isEqualTo("unavailable");
            HttpReply read = server.http().get("/api/children/" + child.id() + "/locations/", bearer(child.parent()));
            assertThat(read.status()).as("%s", read).isEqualTo(503);
            assertThat(read.errorCode()).isEqualTo("unavailable");
            // The socket lives on, and no late ack follows the refusal.
            phone.ping();
            phone.assertNoPush(Duration.ofMillis(300));

            postgres.restore();
            awaitReady();
            phone.request("location", during).assertAck();
            JsonNode stored = server.http().get("/api/children/" + child.id() + "/locations/", bearer(child.parent())).json();
            assertThat(stored.get("results")).extracting(r -> r.get("latitude").asDouble()).containsExactlyInAnyOrder(1.0, 3.0);
        }
    }

    @Test
    void a_device_socket_whose_hash_cannot_be_looked_up_is_refused_with_503_and_an_unknown_hash_closes_with_4004_once_back() {
        // Never asked before, so not in the node's cache of hashes: the handshake needs the database.
        String unknown = "outage503" + "D".repeat(34);
        postgres.cut();

        assertThatThrownBy(() -> server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + unknown + "/")))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(503));

        postgres.restore();
        awaitReady();
        try (TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + unknown + "/"))) {
            assertThat(phone.awaitClose().code()).isEqualTo(4004);
        }
    }

    @Test
    void an_auth_message_whose_hash_cannot_be_looked_up_closes_with_1013_and_is_accepted_once_back() {
        Child child = enrol("outage-parent", "Kim");
        String unknown = "outage1013" + "E".repeat(33);
        postgres.cut();

        try (TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest-auth/"))) {
            phone.send(Json.write(Map.of("type", "auth", "data", Map.of("child_hash", unknown))));
            assertThat(phone.awaitClose().code()).isEqualTo(1013);
        }

        postgres.restore();
        awaitReady();
        try (TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest-auth/"))) {
            phone.send(Json.write(Map.of("type", "auth", "id", "a1", "data", Map.of("child_hash", child.hash()))));
            assertThat(phone.awaitReply("a1").isAck()).isTrue();
            phone.request("location", location(minutesAgo(3), 7.0, 8.0)).assertAck();
        }
    }

    @Test
    void rest_writes_and_reads_while_the_database_is_away_answer_503_unavailable_and_work_again_once_it_is_back() {
        Map<String, String> alice = bearer("alice");
        HttpReply before = server.http().postJson("/api/users/", Map.of("first_name", "Ada", "last_name", "Before"), alice);
        assertThat(before.status()).as("%s", before).isEqualTo(201);

        postgres.cut();
        HttpReply write = server.http().postJson("/api/users/", Map.of("first_name", "Bo", "last_name", "During"), alice);
        assertThat(write.status()).as("%s", write).isEqualTo(503);
        assertThat(write.errorCode()).isEqualTo("unavailable");
        HttpReply read = server.http().get("/api/users/", alice);
        assertThat(read.status()).as("%s", read).isEqualTo(503);
        assertThat(read.errorCode()).isEqualTo("unavailable");
        HttpReply emit = emit("outage-user", "during");
        assertThat(emit.status()).as("%s", emit).isEqualTo(503);
        assertThat(emit.errorCode()).isEqualTo("unavailable");

        postgres.restore();
        awaitReady();
        HttpReply after = server.http().postJson("/api/users/", Map.of("first_name", "Cy", "last_name", "After"), alice);
        assertThat(after.status()).as("%s", after).isEqualTo(201);
        HttpReply emitted = emit("outage-user", "after");
        assertThat(emitted.status()).as("%s", emitted).isEqualTo(201);
        JsonNode users = server.http().get("/api/users/?limit=200", alice).json().get("results");
        assertThat(users).extracting(u -> u.get("last_name").asText()).contains("Before", "After").doesNotContain("During");
        try (TestClient events = server.userClient("outage-user")) {
            assertThat(events.awaitEvent().path("data").path("n").asText()).isEqualTo("after");
        }
    }

    @Test
    void readiness_says_the_database_is_down_while_liveness_and_channels_carry_on() {
        try (TestClient alice = server.client("alice")) {
            alice.subscribe("public:outage");

            postgres.cut();
            HttpReply ready = server.http().get("/health/ready");
            assertThat(ready.status()).as("%s", ready).isEqualTo(503);
            assertThat(ready.json().at("/checks/database").asText()).isEqualTo("down");
            assertThat(ready.json().path("status").asText()).isEqualTo("not_ready");
            assertThat(server.http().get("/health/live").status()).isEqualTo(200);
            try (TestClient bob = server.client("bob")) {
                bob.publish("public:outage", Map.of("text", "still here"));
                assertThat(alice.awaitMessage("public:outage").at("/data/text").asText()).isEqualTo("still here");
            }

            postgres.restore();
            HttpReply back = awaitReady();
            assertThat(back.json().at("/checks/database").asText()).isEqualTo("up");
        }
    }

    /** Polls {@code /health/ready} as a load balancer would, until it answers 200. */
    private static HttpReply awaitReady() {
        return await("the node ready again").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100)).until(() -> server.http().get("/health/ready"), r -> r.status() == 200);
    }

    private record Child(long id, String hash, String parent) {
    }

    private static Child enrol(String parent, String name) {
        HttpReply r = server.http().postJson("/api/children/", Map.of("name", name), bearer(parent));
        assertThat(r.status()).as("enrol: %s", r).isEqualTo(201);
        return new Child(r.json().get("id").asLong(), r.json().get("child_hash").asText(), parent);
    }

    private static TestClient phone(Child child) {
        TestClient phone = server.connect(ConnectOptions.withoutToken().path("/ws/ingest/" + child.hash() + "/"));
        phone.awaitEstablished();
        return phone;
    }

    private static HttpReply emit(String user, String n) {
        return server.http().postJson("/api/inbox/events", Map.of("user_id", user, "type", "note", "data", Map.of("n", n)),
                Map.of("X-Api-Key", server.apiKey()));
    }

    private static Map<String, String> bearer(String user) {
        return Map.of("Authorization", "Bearer " + server.token(user));
    }

    private static String minutesAgo(long minutes) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(minutes, ChronoUnit.MINUTES).toString();
    }

    private static ObjectNode location(String timestamp, double latitude, double longitude) {
        return Json.object().put("timestamp", timestamp).put("latitude", latitude).put("longitude", longitude);
    }

    private static ObjectNode envelope(String type, String id, JsonNode data) {
        ObjectNode e = Json.object().put("type", type).put("id", id);
        e.set("data", data);
        return e;
    }
}
