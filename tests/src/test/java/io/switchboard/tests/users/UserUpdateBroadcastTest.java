package io.switchboard.tests.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every committed change reaches /ws/user-updates/ and the users:updates channel of /ws. */
@Timeout(60)
@SwitchboardTest(apps = UsersApp.class)
class UserUpdateBroadcastTest {

    private static TestClient updatesSocket(TestServer server, String user) {
        TestClient c = server.connect(ConnectOptions.tokenInSubprotocol(server.token(user)).path("/ws/user-updates/"));
        c.awaitEstablished();
        return c;
    }

    @Test
    void create_update_and_delete_reach_every_open_window_in_order(TestServer server) {
        try (TestClient window1 = updatesSocket(server, "w1"); TestClient window2 = updatesSocket(server, "w2");
             TestClient channel = server.client("w3")) {
            channel.subscribe("users:updates");
            UsersHttp api = new UsersHttp(server, "editor");
            long id = api.createId("Ada", "Lovelace");
            api.patch(id, Map.of("first_name", "Augusta"));
            api.delete(id);
            for (TestClient c : new TestClient[] {window1, window2, channel}) {
                JsonNode created = c.awaitPush("user_update");
                assertThat(created.get("data").get("action").asText()).isEqualTo("create");
                assertThat(created.get("data").get("user").get("id").asLong()).isEqualTo(id);
                assertThat(created.get("channel").asText()).isEqualTo("users:updates");
                JsonNode updated = c.awaitPush("user_update");
                assertThat(updated.get("data").get("action").asText()).isEqualTo("update");
                assertThat(updated.get("data").get("user").get("first_name").asText()).isEqualTo("Augusta");
                assertThat(updated.get("data").get("user").get("version").asLong()).isEqualTo(2);
                JsonNode deleted = c.awaitPush("user_update");
                assertThat(deleted.get("data").get("action").asText()).isEqualTo("delete");
                assertThat(deleted.get("data").get("user").get("id").asLong()).isEqualTo(id);
            }
        }
    }

    @Test
    void the_broadcast_leaves_only_after_the_commit(TestServer server) {
        try (TestClient window = updatesSocket(server, "watcher")) {
            UsersHttp api = new UsersHttp(server, "editor");
            long id = api.createId("Commit", "First");
            window.awaitPush("user_update");
            for (int i = 0; i < 20; i++) {
                api.patch(id, Map.of("last_name", "V" + i));
                JsonNode pushed = window.awaitPush("user_update").get("data").get("user");
                // Read with another connection: the pushed version must already be visible to everyone.
                JsonNode stored = api.get(id).json();
                assertThat(stored.get("version").asLong()).isGreaterThanOrEqualTo(pushed.get("version").asLong());
                assertThat(pushed.get("last_name").asText()).isEqualTo("V" + i);
            }
        }
    }

    @Test
    void a_failed_change_is_not_broadcast(TestServer server) {
        try (TestClient window = updatesSocket(server, "watcher")) {
            UsersHttp api = new UsersHttp(server, "editor");
            long id = api.createId("No", "Noise");
            window.awaitPush("user_update");
            api.patch(id, Map.of("first_name", ""));
            api.patchIfMatch(id, Map.of("first_name", "Stale"), "\"99\"");
            window.assertNoPush(java.time.Duration.ofMillis(500));
        }
    }

    @Test
    void clients_may_watch_users_updates_but_not_publish_there(TestServer server) {
        try (TestClient c = server.client("mallory")) {
            Reply sub = c.request("subscribe", Map.of("channel", "users:updates"));
            assertThat(sub.isAck()).isTrue();
            Reply pub = c.request("publish", Map.of("channel", "users:updates", "data", Map.of("fake", true)));
            assertThat(pub.errorCode()).isEqualTo("forbidden");
            Reply other = c.request("subscribe", Map.of("channel", "users:other"));
            assertThat(other.errorCode()).isEqualTo("forbidden");
        }
    }

    @Test
    void the_updates_socket_requires_a_token(TestServer server) {
        TestClient anonymous = server.connect(ConnectOptions.withoutToken().path("/ws/user-updates/"));
        assertThat(anonymous.awaitClose().code()).isEqualTo(4001);
    }
}
