package io.switchboard.tests.serverapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The server API's routes live beside the apps' routes under {@code /api/} without taking any of their answers. */
@SwitchboardTest(apps = AccountsApp.class, settings = {"api-key=server-api-apps-key-0123456789", "password-iterations=1000"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerApiBesideAppsTest {
    private final TestServer server;

    ServerApiBesideAppsTest(TestServer server) {
        this.server = server;
    }

    @Test
    void an_apps_routes_still_answer_as_before_and_a_post_without_a_key_to_no_route_is_404_not_found() {
        HttpReply me = server.http().post("/api/me", "application/json", "{}", Map.of());
        assertThat(me.status()).as("the app's own bearer check: %s", me).isEqualTo(401);
        assertThat(me.json().at("/error/message").asText()).contains("Bearer");

        HttpReply login = server.http().postJson("/api/auth/login", Map.of("username", "nobody", "password", "wrong-password"), Map.of());
        assertThat(login.status()).as("%s", login).isEqualTo(401);

        HttpReply nowhere = server.http().post("/api/nowhere", "application/json", "{}", Map.of());
        assertThat(nowhere.status()).as("%s", nowhere).isEqualTo(404);
        assertThat(nowhere.errorCode()).isEqualTo("not_found");

        HttpReply unknown = server.http().post("/api/nowhere", "application/json", "{}", Map.of("X-Api-Key", server.apiKey()));
        assertThat(unknown.status()).as("%s", unknown).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("unknown_method");

        HttpReply info = server.http().post("/api/info", "application/json", "{}", Map.of("X-Api-Key", server.apiKey()));
        assertThat(info.status()).as("%s", info).isEqualTo(200);
    }
}
