package io.switchboard.tests.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.Settings;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The admin console's routes on a real node: off by default, its own credential, and each action it offers. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AdminConsoleTest {
    private static final String PASSWORD = "admin-console-test-password";
    private static final Map<String, String> ENABLED = Map.of("admin", "true", "admin-password", PASSWORD,
            "api-key", "admin-console-test-api-key-0123");

    @Test
    void the_console_is_off_by_default_and_every_admin_path_answers_404() {
        try (TestServer server = TestServer.start(Map.of())) {
            assertThat(server.http().get("/admin/").status()).isEqualTo(404);
            assertThat(server.http().get("/admin/admin.js").status()).isEqualTo(404);
            assertThat(AdminCalls.login(server.http(), "anything").status()).isEqualTo(404);
            assertThat(server.http().postJson("/admin/api/info", Map.of(), Map.of()).status()).isEqualTo(404);
            assertThat(server.http().get("/admin/api/stats").status()).isEqualTo(404);
        }
    }

    @Test
    void the_page_is_served_with_a_strict_content_security_policy_and_is_never_cached() {
        try (TestServer server = TestServer.start(ENABLED)) {
            HttpReply page = server.http().get("/admin/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.body()).contains("Switchboard admin").contains("type=\"module\"");
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertThat(page.header("Cache-Control")).isEqualTo("no-store");
            assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(server.http().get("/admin/admin.js").header("Content-Type")).contains("javascript");
        }
    }

    @Test
    void every_route_refuses_a_call_without_a_session_with_a_forged_one_or_with_the_api_key() {
        try (TestServer server = TestServer.start(ENABLED)) {
            HttpReply none = server.http().postJson("/admin/api/info", Map.of(), Map.of());
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("unauthorized");
            assertThat(server.http().get("/admin/api/stats").status()).isEqualTo(401);

            HttpReply forged = server.http().postJson("/admin/api/disconnect", Map.of("user", "x"),
                    Map.of("Authorization", "Bearer AAAAAAAAAAA.bm90LWEtc2lnbmF0dXJl"));
            assertThat(forged.status()).isEqualTo(401);
            HttpReply apiKey = server.http().postJson("/admin/api/info", Map.of(),
                    Map.of("X-Api-Key", server.apiKey(), "Authorization", "Bearer " + server.apiKey()));
            assertThat(apiKey.status()).isEqualTo(401);

            HttpReply wrong = AdminCalls.login(server.http(), "not-the-admin-password");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.errorField()).isEqualTo("password");
            assertThat(wrong.body()).doesNotContain("token");
            assertThat(AdminCalls.login(server.http(), server.apiKey()).status()).as("the API key is not the password").isEqualTo(401);

            // A session of another password (another deployment) is not one of this console's.
            try (TestServer other = TestServer.start(Map.of("admin", "true", "admin-password", "another-admin-password-42"))) {
                String foreign = AdminCalls.signIn(other.http(), "another-admin-password-42").token();
                assertThat(server.http().postJson("/admin/api/info", Map.of(), Map.of("Authorization", "Bearer " + foreign))
                        .status()).isEqualTo(401);
            }
        }
    }

    @Test
    void sign_in_attempts_are_throttled_per_address_even_with_the_right_password_after_too_many() {
        try (TestServer server = TestServer.start(ENABLED)) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                statuses.add(AdminCalls.login(server.http(), "wrong-password-" + i).status());
            }
            assertThat(statuses).containsOnly(401);
            HttpReply throttled = AdminCalls.login(server.http(), PASSWORD);
            assertThat(throttled.status()).isEqualTo(429);
            assertThat(throttled.errorCode()).isEqualTo("rate_limited");
            assertThat(throttled.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void a_signed_in_console_sees_nodes_channels_presence_and_a_user_publishes_and_disconnects() {
        try (TestServer server = TestServer.start(ENABLED);
             TestClient alice = server.client("admin-alice"); TestClient bob = server.client("admin-bob")) {
            alice.subscribe("public:admin-room");
            bob.subscribe("public:admin-room");
            AdminCalls admin = AdminCalls.signIn(server.http(), PASSWORD);

            JsonNode nodes = admin.result("info", Map.of()).path("nodes");
            assertThat(nodes).hasSize(1);
            assertThat(nodes.at("/0/num_clients").asInt()).isEqualTo(2);
            assertThat(nodes.at("/0/uptime").isNumber()).isTrue();

            JsonNode channels = admin.result("channels", Map.of("pattern", "public:admin-*")).path("channels");
            assertThat(channels.at("/public:admin-room/num_clients").asInt()).isEqualTo(2);
            List<String> present = new ArrayList<>();
            admin.result("presence", Map.of("channel", "public:admin-room")).path("clients")
                    .forEach(c -> present.add(c.path("user_id").asText()));
            assertThat(present).containsExactlyInAnyOrder("admin-alice", "admin-bob");
            assertThat(admin.result("presence_stats", Map.of("channel", "public:admin-room")).path("num_users").asInt()).isEqualTo(2);

            admin.result("publish", Map.of("channel", "public:admin-room", "data", Map.of("text", "from the console")));
            assertThat(alice.awaitMessage("public:admin-room").at("/data/text").asText()).isEqualTo("from the console");
            assertThat(bob.awaitMessage("public:admin-room").at("/data/text").asText()).isEqualTo("from the console");

            JsonNode connections = admin.result("user_connections", Map.of("user", "admin-bob")).path("connections");
            assertThat(connections).hasSize(1);
            assertThat(connections.at("/0/session_id").asText()).isEqualTo(bob.sessionId());
            assertThat(admin.result("disconnect", Map.of("user", "admin-bob")).path("sessions").asInt()).isEqualTo(1);
            CloseStatus closed = bob.awaitClose();
            assertThat(closed.code()).isEqualTo(4006);
            assertThat(alice.ping()).isNotNull();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode node = admin.result("info", Map.of()).at("/nodes/0");
                assertThat(node.path("num_clients").asInt()).isEqualTo(1);
                assertThat(node.path("num_users").asInt()).isEqualTo(1);
            });

            HttpReply bad = admin.call("publish", Map.of("channel", "no colon", "data", 1));
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.errorField()).isEqualTo("channel");
            assertThat(admin.call("history_remove", Map.of("channel", "public:admin-room")).status())
                    .as("only the console's methods are routed").isEqualTo(404);
        }
    }

    @Test
    void the_stats_carry_each_node_s_frame_totals_and_the_delivery_latency_the_writers_record() {
        try (TestServer server = TestServer.start(ENABLED); TestClient alice = server.client("stats-alice")) {
            alice.subscribe("public:stats");
            AdminCalls admin = AdminCalls.signIn(server.http(), PASSWORD);
            JsonNode before = admin.stats().at("/nodes/0");
            for (int i = 0; i < 5; i++) {
                assertThat(server.http().publish("public:stats", Map.of("n", i)).status()).isEqualTo(202);
            }
            for (int i = 0; i < 5; i++) {
                alice.awaitMessage("public:stats");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode after = admin.stats().at("/nodes/0");
                assertThat(after.path("messages_out").asLong()).isGreaterThanOrEqualTo(before.path("messages_out").asLong() + 5);
                assertThat(after.at("/delivery_latency/count").asLong()).isGreaterThan(before.at("/delivery_latency/count").asLong());
                assertThat(after.path("connections").asInt()).isEqualTo(1);
            });
            assertThat(server.metric("switchboard_delivery_latency_seconds_count")).isPositive();
        }
    }

    @Test
    void in_development_mode_a_generated_password_is_kept_in_the_data_directory_for_the_node_s_user_alone() throws Exception {
        try (TestServer server = TestServer.start(Map.of("admin", "true"))) {
            Path file = server.dataDir().resolve("admin-password");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            String password = Files.readString(file).trim();
            assertThat(password).hasSizeGreaterThanOrEqualTo(16).isNotEqualTo(server.apiKey());
            AdminCalls.signIn(server.http(), password).result("info", Map.of());
        }
    }

    @Test
    void production_refuses_to_enable_the_console_without_a_password_of_its_own() {
        Map<String, String> production = Map.of("dev", "false", "jwt-secret", "x".repeat(40), "admin", "true");
        assertThatThrownBy(() -> Settings.from(production))
                .isInstanceOfSatisfying(InvalidSettingException.class,
                        e -> assertThat(e.getMessage()).contains("admin-password"));
        Map<String, String> shortPassword = Map.of("admin", "true", "admin-password", "short");
        assertThatThrownBy(() -> Settings.from(shortPassword)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("admin-password");
        Map<String, String> withPassword = new java.util.HashMap<>(production);
        withPassword.put("admin-password", PASSWORD);
        assertThat(Settings.from(withPassword).admin().enabled()).isTrue();
    }
}
