package io.switchboard.tests.accounts;

import static io.switchboard.tests.accounts.AccountsContract.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.Reply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A refresh token only buys new tokens, and only a refresh token does. */
@SwitchboardTest(apps = {UsersApp.class, AccountsApp.class},
        settings = {"password-iterations=1000", "login-attempts-per-minute=100000"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenKindsTest {
    private final TestServer server;
    private final AccountsHttp api;

    TokenKindsTest(TestServer server) {
        this.server = server;
        this.api = new AccountsHttp(server);
    }

    @Test
    void a_refresh_token_cannot_open_a_socket() {
        JsonNode account = api.registered("sock_" + System.nanoTime() % 1_000_000);
        String refresh = account.get("refresh_token").asText();
        String id = account.get("user").get("id").asText();

        Map<String, ConnectOptions> attempts = Map.of(
                "/ws, token in the query", ConnectOptions.tokenInQuery(refresh),
                "/ws, token in the header", ConnectOptions.tokenInHeader(refresh),
                "/ws/user/<id>", ConnectOptions.tokenInQuery(refresh).path(TestServer.userPath(id)));
        for (Map.Entry<String, ConnectOptions> attempt : attempts.entrySet()) {
            CloseStatus close = server.connect(attempt.getValue()).awaitClose();
            assertThat(close.code()).as(attempt.getKey()).isEqualTo(CloseCode.INVALID_TOKEN.code());
            assertThat(close.reason()).contains("refresh token").doesNotContain(refresh);
        }
    }

    @Test
    void a_refresh_token_cannot_call_the_api() {
        String refresh = api.registered("api_" + System.nanoTime() % 1_000_000).get("refresh_token").asText();

        assertError(api.me(refresh), 401, "unauthorized", null);
        assertError(server.http().get("/api/users/", Map.of("Authorization", "Bearer " + refresh)), 401, "unauthorized", null);
    }

    @Test
    void an_access_token_cannot_refresh() {
        String access = api.registered("acc_" + System.nanoTime() % 1_000_000).get("access_token").asText();

        assertError(api.refresh(access), 401, "unauthorized", "refresh_token");
    }

    @Test
    void an_open_session_takes_a_refreshed_access_token_but_not_a_refresh_token() {
        JsonNode account = api.registered("sess_" + System.nanoTime() % 1_000_000);
        try (TestClient client = server.connect(ConnectOptions.tokenInQuery(account.get("access_token").asText()))) {
            client.awaitEstablished();

            Reply refused = client.request("refresh_token", Map.of("token", account.get("refresh_token").asText()));
            assertThat(refused.errorCode()).isEqualTo("unauthorized");
            assertThat(refused.errorField()).isEqualTo("data.token");

            String fresh = api.refresh(account.get("refresh_token").asText()).json().get("access_token").asText();
            client.request("refresh_token", Map.of("token", fresh)).assertAck();
        }
    }

    @Test
    void the_access_token_subscribes_to_the_users_own_channel_only() {
        JsonNode account = api.registered("chan_" + System.nanoTime() % 1_000_000);
        String id = account.get("user").get("id").asText();
        try (TestClient client = server.connect(ConnectOptions.tokenInQuery(account.get("access_token").asText()))) {
            assertThat(client.awaitEstablished().path("data").path("user_id").asText()).isEqualTo(id);

            client.request("subscribe", Map.of("channel", "user:" + id)).assertAck();
            assertThat(client.request("subscribe", Map.of("channel", "user:" + (Long.parseLong(id) + 1))).errorCode())
                    .isEqualTo("forbidden");
        }
    }
}
