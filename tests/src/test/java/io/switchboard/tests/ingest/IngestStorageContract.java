package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestPruner;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the store promises, run on SQLite and on PostgreSQL (see the two subclasses): idempotent writes, every
 * acked message committed under concurrent load, keyset reads, and pruning.
 */
abstract class IngestStorageContract {
    abstract TestServer server();

    @Test
    void every_type_resent_is_stored_once_and_screen_time_keeps_the_last_report() {
        TestServer server = server();
        Devices.Enrolled child = Devices.enrol(server, "store-parent", "Sam");
        TestClient phone = Devices.phone(server, child);
        String at = Devices.minutesAgo(30);
        for (int round = 0; round < 3; round++) {
            phone.request("location", Devices.location(at, 59.33, 18.06)).assertAck();
            phone.request("site_access", Devices.siteAccess(at, "https://a.example/" + "p".repeat(300), true)).assertAck();
            phone.request("screen_time", Devices.screenTime(Devices.today(), 100 + round, "com.app", 7, 50 + round)).assertAck();
            Devices.post(server, child, Devices.envelope("location", "h" + round, Devices.location(at, 59.33, 18.06)));
        }

        assertThat(Devices.results(server, child, "locations")).hasSize(1);
        assertThat(Devices.results(server, child, "site-access")).hasSize(1);
        JsonNode days = Devices.results(server, child, "screen-time");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get("total_screen_time").asInt()).isEqualTo(102);
        assertThat(days.get(0).at("/app_wise_data/com.app/7").asInt()).isEqualTo(52);
    }

    @Test
    void every_message_acked_by_phones_streaming_at_once_is_stored() throws Exception {
        TestServer server = server();
        int phones = 4;
        int each = 60;
        List<Devices.Enrolled> children = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int p = 0; p < phones; p++) {
            Devices.Enrolled child = Devices.enrol(server, "burst-parent", "Kid " + p);
            children.add(child);
            TestClient phone = Devices.phone(server, child);
            Thread t = new Thread(() -> {
                try {
                    // Pipelined: all sent, then all acks awaited, so that many wait in the writer's queue together.
                    for (int i = 0; i < each; i++) {
                        phone.send(Json.write(Devices.envelope("location", "m" + i, Devices.location(Devices.minutesAgo(200 - i), 1 + i * 0.01, 2))));
                    }
                    for (int i = 0; i < each; i++) {
                        phone.awaitReply("m" + i).assertAck();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(30_000);
        }

        assertThat(failures).isEmpty();
        for (Devices.Enrolled child : children) {
            JsonNode page = Devices.read(server, child.parent(), "/api/children/" + child.id() + "/locations/?limit=1000");
            assertThat(page.get("results")).hasSize(each);
        }
    }

    @Test
    void reads_page_through_a_range_in_time_order_both_ways() {
        TestServer server = server();
        Devices.Enrolled child = Devices.enrol(server, "page-parent", "Sam");
        ArrayNode buffer = Json.mapper().createArrayNode();
        for (int i = 0; i < 25; i++) {
            buffer.add(Devices.envelope("location", null, Devices.location(Devices.minutesAgo(100 - i), i, i)));
        }
        assertThat(Devices.post(server, child, buffer).json().get("acked").asInt()).isEqualTo(25);
        String from = Instant.now().minus(95, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
        String to = Instant.now().minus(80, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();

        List<Double> ascending = pages(server, child, "from=" + from + "&to=" + to + "&limit=4");
        List<Double> descending = pages(server, child, "from=" + from + "&to=" + to + "&limit=6&order=desc");

        assertThat(ascending).hasSize(15).isSorted();
        assertThat(ascending.get(0)).isEqualTo(5.0);
        List<Double> reversed = new ArrayList<>(descending);
        java.util.Collections.reverse(reversed);
        assertThat(reversed).isEqualTo(ascending);
    }

    @Test
    void pruning_deletes_what_is_older_than_the_cutoff_and_keeps_the_rest() throws Exception {
        TestServer server = server();
        Devices.Enrolled child = Devices.enrol(server, "prune-parent", "Sam");
        TestClient phone = Devices.phone(server, child);
        String old = Instant.now().minus(10, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        String oldDay = LocalDate.now(ZoneOffset.UTC).minusDays(10).toString();
        String recent = Devices.minutesAgo(60);
        phone.request("location", Devices.location(old, 1, 1)).assertAck();
        phone.request("location", Devices.location(recent, 2, 2)).assertAck();
        phone.request("site_access", Devices.siteAccess(old, "https://old.example", true)).assertAck();
        phone.request("site_access", Devices.siteAccess(recent, "https://new.example", true)).assertAck();
        phone.request("screen_time", Devices.screenTime(oldDay, 500, "com.old", 3, 500)).assertAck();
        phone.request("screen_time", Devices.screenTime(Devices.today(), 600, "com.new", 4, 600)).assertAck();

        IngestPruner.Result result;
        try (Connection c = server.switchboard().database().dataSource().getConnection()) {
            result = IngestPruner.prune(c, Instant.now().minus(5, ChronoUnit.DAYS));
        }

        assertThat(result.locations()).isGreaterThanOrEqualTo(1);
        assertThat(result.screenTimeDays()).isGreaterThanOrEqualTo(1);
        assertThat(Devices.results(server, child, "locations").get(0).get("latitude").asDouble()).isEqualTo(2.0);
        assertThat(Devices.results(server, child, "locations")).hasSize(1);
        assertThat(Devices.results(server, child, "site-access")).hasSize(1);
        JsonNode days = Devices.results(server, child, "screen-time");
        assertThat(days).hasSize(1);
        assertThat(days.get(0).get("date").asText()).isEqualTo(Devices.today());
    }

    private static List<Double> pages(TestServer server, Devices.Enrolled child, String query) {
        List<Double> seen = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = Devices.read(server, child.parent(), "/api/children/" + child.id() + "/locations/?" + query
                    + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("results").forEach(r -> seen.add(r.get("latitude").asDouble()));
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
            assertThat(cursor == null || cursors.add(cursor)).as("cursors advance").isTrue();
        } while (cursor != null);
        return seen;
    }

}
