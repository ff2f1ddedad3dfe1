package io.switchboard.tests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.protocol.Json;
import io.switchboard.server.Switchboard;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a node does when nobody configured it carefully: a development node is reachable from this machine only and
 * hands tokens to this machine only; a production node refuses to start without a shared signing key or an
 * explicit list of apps, serves no demos and no development tokens, and can keep its metrics to those who hold a
 * token.
 */
@Timeout(60)
class SecureDefaultsTest {
    private static final String SECRET = "a-production-secret-of-at-least-32-bytes";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    @Test
    void a_development_node_without_a_host_setting_is_reachable_only_from_this_machine() throws Exception {
        InetAddress outside = nonLoopbackAddress();
        assumeTrue(outside != null, "this machine has no non-loopback IPv4 address to try");
        Switchboard node = Switchboard.create(SettingValues.of(Map.of("port", "0", "data-dir", dataDir.toString(),
                "shutdown-grace", "1s"))).start();
        try {
            assertThat(get(URI.create("http://127.0.0.1:" + node.port() + "/health/live"), Map.of()).statusCode()).isEqualTo(200);
            assertThatThrownBy(() -> get(URI.create("http://" + outside.getHostAddress() + ":" + node.port() + "/health/live"), Map.of()))
                    .isInstanceOf(ConnectException.class);
        } finally {
            node.shutdown();
        }
    }

    @Test
    void the_development_token_endpoint_answers_only_a_caller_on_this_machine() throws Exception {
        InetAddress outside = nonLoopbackAddress();
        assumeTrue(outside != null, "this machine has no non-loopback IPv4 address to try");
        try (TestServer server = TestServer.start(Map.of("host", "0.0.0.0"))) {
            HttpResponse<String> local = get(server.httpUri().resolve("/api/dev/token?user=1"), Map.of());
            assertThat(local.statusCode()).isEqualTo(200);
            assertThat(server.switchboard().tokens().verify(Json.parse(local.body()).get("token").asText()).userId()).isEqualTo("1");

            HttpResponse<String> remote = get(URI.create("http://" + outside.getHostAddress() + ":" + server.port()
                    + "/api/dev/token?user=1"), Map.of());
            assertThat(remote.statusCode()).isEqualTo(403);
            assertThat(Json.parse(remote.body()).at("/error/code").asText()).isEqualTo("forbidden");
            assertThat(remote.body()).doesNotContain("token\":");

            HttpResponse<String> forwarded = get(server.httpUri().resolve("/api/dev/token?user=1"),
                    Map.of("X-Forwarded-For", "203.0.113.9"));
            assertThat(forwarded.statusCode()).as("a local proxy forwarding someone else").isEqualTo(403);
        }
    }

    @Test
    void an_admin_token_from_the_development_endpoint_carries_the_admin_role() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            HttpResponse<String> admin = get(server.httpUri().resolve("/api/dev/token?user=demo&role=admin"), Map.of());
            assertThat(admin.statusCode()).isEqualTo(200);
            assertThat(server.switchboard().tokens().verify(Json.parse(admin.body()).get("token").asText()).admin()).isTrue();
            HttpResponse<String> other = get(server.httpUri().resolve("/api/dev/token?user=demo&role=root"), Map.of());
            assertThat(other.statusCode()).isEqualTo(400);
            assertThat(Json.parse(other.body()).at("/error/field").asText()).isEqualTo("role");
        }
    }

    @Test
    void a_production_node_without_jwt_secret_refuses_to_start_and_writes_no_key() {
        Map<String, String> settings = Map.of("dev", "false", "port", "0", "data-dir", dataDir.toString(), "apps", "none");
        assertThatThrownBy(() -> Switchboard.create(SettingValues.of(settings)).start())
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting 'jwt-secret': must be set in production");
        assertThat(dataDir.resolve("signing-key")).doesNotExist();
    }

    @Test
    void a_production_node_serves_neither_development_tokens_nor_demos() throws Exception {
        try (TestServer server = TestServer.start(Map.of("dev", "false", "jwt-secret", SECRET))) {
            assertThat(server.http().get("/api/dev/token?user=1").status()).isEqualTo(404);
            assertThat(server.http().get("/demo/users/index.html").status()).isEqualTo(404);
        }
        try (TestServer server = TestServer.start(Map.of())) {
            assertThat(server.http().get("/demo/users/index.html").status()).isEqualTo(200);
        }
    }

    @Test
    void with_a_metrics_token_metrics_need_it() {
        String token = "scrape-me-with-this-token";
        try (TestServer server = TestServer.start(Map.of("metrics-token", token))) {
            HttpReply none = server.http().get("/metrics");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.errorCode()).isEqualTo("unauthorized");
            assertThat(server.http().get("/metrics", Map.of("Authorization", "Bearer not-the-token")).status()).isEqualTo(401);
            HttpReply scraped = server.http().get("/metrics", Map.of("Authorization", "Bearer " + token));
            assertThat(scraped.status()).isEqualTo(200);
            assertThat(scraped.body()).contains("switchboard_connections_open");
            assertThat(server.http().get("/health/ready").status()).as("health stays open for probes").isEqualTo(200);
        }
    }

    @Test
    void an_app_left_out_of_the_apps_setting_has_no_routes() {
        try (TestServer server = TestServer.start(Map.of("apps", "users"), List.of(new UsersApp(), new AccountsApp()))) {
            HttpReply login = server.http().postJson("/api/auth/login", Map.of("username", "ada", "password", "x"), Map.of());
            assertThat(login.status()).isEqualTo(404);
            assertThat(login.errorCode()).isEqualTo("not_found");
            assertThat(server.http().get("/api/me", Map.of("Authorization", "Bearer " + server.token("1"))).status()).isEqualTo(404);
            assertThat(server.http().get("/api/users/", Map.of("Authorization", "Bearer " + server.token("1"))).status()).isEqualTo(200);
        }
        try (TestServer server = TestServer.start(Map.of(), List.of(new UsersApp(), new AccountsApp()))) {
            HttpReply login = server.http().postJson("/api/auth/login", Map.of("username", "ada", "password", "wrong-password"), Map.of());
            assertThat(login.status()).as("every installed app runs in development mode by default").isEqualTo(401);
        }
    }

    @Test
    void production_needs_the_apps_listed_and_an_unknown_app_is_refused() {
        Map<String, String> production = new HashMap<>(Map.of("dev", "false", "jwt-secret", SECRET));
        assertThatThrownBy(() -> TestServer.start(production, List.of(new UsersApp())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting 'apps': must list the apps to run in production");
        production.put("apps", "users,chat");
        assertThatThrownBy(() -> TestServer.start(production, List.of(new UsersApp())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("unknown app 'chat'");
        production.put("apps", "users");
        try (TestServer server = TestServer.start(production, List.of(new UsersApp()))) {
            assertThat(server.http().get("/api/users/", Map.of("Authorization", "Bearer " + server.token("1"))).status()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(URI uri, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static InetAddress nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }
}
