package io.switchboard.tests.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Channel {@code child:<id>}: the parent, and only the parent, watches every stored event live. */
@SwitchboardTest(apps = IngestApp.class)
@Timeout(60)
class ChildChannelTest {
    private final TestServer server;

    ChildChannelTest(TestServer server) {
        this.server = server;
    }

    @Test
    void the_parent_receives_each_stored_event_of_both_transports_on_the_childs_channel() {
        Devices.Enrolled child = Devices.enrol(server, "live-parent", "Sam");
        TestClient parent = server.client("live-parent");
        parent.subscribe(child.channel());
        String at = Devices.minutesAgo(2);

        Devices.phone(server, child).request("location", Devices.location(at, 12.5, 13.5)).assertAck();
        Devices.post(server, child, Devices.envelope("site_access", "s", Devices.siteAccess(at, "https://b.example", false)));

        JsonNode location = parent.awaitPush("location");
        assertThat(location.get("channel").asText()).isEqualTo(child.channel());
        assertThat(location.get("data").toString()).isEqualTo(Json.object().put("timestamp", at).put("latitude", 12.5)
                .put("longitude", 13.5).put("child_id", child.id()).toString());
        JsonNode site = parent.awaitPush("site_access");
        assertThat(site.at("/data/logs/0/url").asText()).isEqualTo("https://b.example");
        assertThat(site.at("/data/logs/0/accessed").asBoolean()).isFalse();
    }

    @Test
    void screen_time_is_published_whole_each_time_it_is_stored() {
        Devices.Enrolled child = Devices.enrol(server, "live-parent", "Sam");
        TestClient parent = server.client("live-parent");
        parent.subscribe(child.channel());

        Devices.phone(server, child).request("screen_time", Devices.screenTime(Devices.today(), 900, "com.video", 20, 900)).assertAck();

        JsonNode event = parent.awaitPush("screen_time");
        assertThat(event.at("/data/total_screen_time").asInt()).isEqualTo(900);
        assertThat(event.at("/data/app_wise_data/com.video/20").asInt()).isEqualTo(900);
    }

    @Test
    void a_resent_message_with_nothing_new_is_not_published_again() {
        Devices.Enrolled child = Devices.enrol(server, "live-parent", "Sam");
        TestClient parent = server.client("live-parent");
        parent.subscribe(child.channel());
        TestClient phone = Devices.phone(server, child);
        JsonNode fix = Devices.location(Devices.minutesAgo(5), 1, 1);
        phone.request("location", fix).assertAck();
        parent.awaitPush("location");

        phone.request("location", fix).assertAck();
        phone.request("location", Devices.location(Devices.minutesAgo(4), 2, 2)).assertAck();

        assertThat(parent.awaitPush("location").at("/data/latitude").asDouble()).isEqualTo(2.0);
    }

    @Test
    void another_parent_may_not_subscribe() {
        Devices.Enrolled child = Devices.enrol(server, "live-parent", "Sam");
        TestClient stranger = server.client("live-stranger");

        Reply reply = stranger.request("subscribe", Map.of("channel", child.channel()));

        assertThat(reply.errorCode()).isEqualTo("forbidden");
        assertThat(stranger.request("subscribe", Map.of("channel", "child:999999")).errorCode()).isEqualTo("forbidden");
        assertThat(stranger.request("subscribe", Map.of("channel", "child:abc")).errorCode()).isEqualTo("forbidden");
    }

    @Test
    void nobody_may_publish_on_a_childs_channel_not_even_the_parent() {
        Devices.Enrolled child = Devices.enrol(server, "live-parent", "Sam");
        TestClient parent = server.client("live-parent");

        Reply reply = parent.request("publish", Map.of("channel", child.channel(), "data", Map.of("fake", true)));

        assertThat(reply.errorCode()).isEqualTo("forbidden");
    }

    @Test
    void nothing_is_published_for_a_refused_message() {
        Devices.Enrolled child = Devices.enrol(server, "live-parent", "Sam");
        TestClient parent = server.client("live-parent");
        parent.subscribe(child.channel());
        TestClient phone = Devices.phone(server, child);

        phone.request("location", Devices.location(Devices.minutesAgo(1), 100, 1));
        phone.request("location", Devices.location(Devices.minutesAgo(1), 3, 3)).assertAck();

        assertThat(parent.awaitPush("location", Duration.ofSeconds(5)).at("/data/latitude").asDouble()).isEqualTo(3.0);
    }
}
