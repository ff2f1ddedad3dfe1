package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class ChildEnrolmentTest {
    private final TestServer server;

    ChildEnrolmentTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_parent_enrols_a_child_and_gets_an_unguessable_hash() {
        HttpReply r = server.http().postJson("/api/children/", Map.of("name", "Sam"), Devices.bearer(server, "enrol-a"));

        assertThat(r.status()).isEqualTo(201);
        JsonNode child = r.json();
        assertThat(child.get("name").asText()).isEqualTo("Sam");
        assertThat(child.get("child_hash").asText()).matches("[A-Za-z0-9_-]{43}");
        assertThat(child.get("channel").asText()).isEqualTo("child:" + child.get("id").asLong());
        assertThat(Devices.enrol(server, "enrol-a", "Sam").hash()).isNotEqualTo(child.get("child_hash").asText());
    }

    @Test
    void a_parent_lists_only_their_own_children() {
        Devices.Enrolled mine = Devices.enrol(server, "enrol-b", "Ada");
        Devices.enrol(server, "enrol-c", "Grace");

        JsonNode results = Devices.read(server, "enrol-b", "/api/children/").get("results");

        List<Long> ids = new ArrayList<>();
        results.forEach(c -> ids.add(c.get("id").asLong()));
        assertThat(ids).containsExactly(mine.id());
        assertThat(results.get(0).get("child_hash").asText()).isEqualTo(mine.hash());
    }

    @Test
    void another_parents_child_and_its_data_are_not_found() {
        Devices.Enrolled child = Devices.enrol(server, "enrol-d", "Alan");
        Map<String, String> stranger = Devices.bearer(server, "enrol-e");

        for (String path : new String[] {"/", "/screen-time/", "/locations/", "/site-access/"}) {
            HttpReply r = server.http().get("/api/children/" + child.id() + path, stranger);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("not_found");
        }
        assertThat(server.http().get("/api/children/999999/locations/", stranger).status()).isEqualTo(404);
    }

    @Test
    void enrolling_and_reading_need_a_parent_token() {
        assertThat(server.http().postJson("/api/children/", Map.of("name", "Sam"), Map.of()).status()).isEqualTo(401);
        assertThat(server.http().get("/api/children/").status()).isEqualTo(401);
    }

    @Test
    void a_child_needs_a_name_and_nothing_else() {
        Map<String, String> auth = Devices.bearer(server, "enrol-f");

        HttpReply missing = server.http().postJson("/api/children/", Map.of(), auth);
        HttpReply blank = server.http().postJson("/api/children/", Map.of("name", "  "), auth);
        HttpReply unknown = server.http().postJson("/api/children/", Map.of("name", "Sam", "age", 9), auth);

        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.errorField()).isEqualTo("name");
        assertThat(blank.errorCode()).isEqualTo("invalid_field");
        assertThat(unknown.errorCode()).isEqualTo("unknown_field");
        assertThat(Devices.read(server, "enrol-f", "/api/children/").get("results")).isEmpty();
    }

    @Test
    void enrolments_arriving_at_once_all_succeed() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 20; i++) {
            int n = i;
            threads.add(new Thread(() -> statuses.add(server.http().postJson("/api/children/", Map.of("name", "Kid " + n),
                    Devices.bearer(server, "enrol-g")).status())));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(20_000);
        }

        assertThat(statuses).hasSize(20).containsOnly(201);
        assertThat(Devices.read(server, "enrol-g", "/api/children/").get("results")).hasSize(20);
    }

    @Test
    void a_parent_may_enrol_at_most_a_hundred_children() {
        for (int i = 0; i < 100; i++) {
            Devices.enrol(server, "enrol-h", "Kid " + i);
        }

        HttpReply one = server.http().postJson("/api/children/", Map.of("name", "One too many"), Devices.bearer(server, "enrol-h"));

        assertThat(one.status()).isEqualTo(409);
        assertThat(one.errorCode()).isEqualTo("conflict");
        assertThat(Devices.read(server, "enrol-h", "/api/children/").get("results")).hasSize(100);
    }
}
