package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.Tokens;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A session ends with 4002 when its token expires, unless the client sent a fresh one for the same user. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenRefreshTest {
    private final TestServer server;

    TokenRefreshTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_session_is_closed_with_4002_when_its_token_expires_without_a_refresh() {
        String token = server.token("ada", Duration.ofSeconds(2));
        TestClient channels = server.connect(ConnectOptions.tokenInQuery(token));
        TestClient events = server.connect(ConnectOptions.tokenInQuery(token).path(TestServer.userPath("ada")));
        for (TestClient client : new TestClient[] {channels, events}) {
            client.awaitEstablished();

            CloseStatus close = client.awaitClose(Duration.ofSeconds(8));

            assertThat(close.code()).isEqualTo(CloseCode.INVALID_TOKEN.code());
            assertThat(close.reason()).isEqualTo("token expired");
        }
    }

    @Test
    void a_refreshed_token_keeps_the_session_open_past_the_first_expiry() {
        String token = server.token("grace", Duration.ofSeconds(2));
        try (TestClient channels = server.connect(ConnectOptions.tokenInQuery(token));
             TestClient events = server.connect(ConnectOptions.tokenInQuery(token).path(TestServer.userPath("grace")))) {
            for (TestClient client : new TestClient[] {channels, events}) {
                client.awaitEstablished();
                client.request("refresh_token", Json.object().put("token", server.token("grace", Duration.ofHours(1)))).assertAck();
            }

            // A session opened with the same token and never refreshed ends when it expires: then the first expiry has
            // passed for the refreshed ones too.
            TestClient witness = server.connect(ConnectOptions.tokenInQuery(token));
            assertThat(witness.awaitClose(Duration.ofSeconds(8)).code()).isEqualTo(CloseCode.INVALID_TOKEN.code());

            for (TestClient client : new TestClient[] {channels, events}) {
                assertThat(client.isOpen()).isTrue();
                assertThat(client.ping().path("type").asText()).isEqualTo("pong");
            }
        }
    }

    @Test
    void a_refresh_can_itself_expire_and_then_the_session_closes_at_the_new_expiry() {
        try (TestClient client = server.connect(ConnectOptions.tokenInQuery(server.token("alan", Duration.ofSeconds(2))))) {
            client.awaitEstablished();
            client.request("refresh_token", Json.object().put("token", server.token("alan", Duration.ofSeconds(4)))).assertAck();
            client.assertNoPush(Duration.ofMillis(2500));

            assertThat(client.awaitClose(Duration.ofSeconds(6)).code()).isEqualTo(CloseCode.INVALID_TOKEN.code());
        }
    }

    @Test
    void a_token_for_another_user_is_forbidden_and_a_bad_one_unauthorized_and_the_session_lives_on() {
        try (TestClient client = server.client("hedy")) {
            assertThat(client.request("refresh_token", Json.object().put("token", server.token("mallory"))).errorCode())
                    .isEqualTo("forbidden");
            assertThat(client.request("refresh_token", Json.object().put("token", Tokens.signedWithAnotherKey("hedy"))).errorCode())
                    .isEqualTo("unauthorized");
            assertThat(client.request("refresh_token", Json.object().put("token", server.token("hedy", Duration.ofMinutes(-5))))
                    .errorCode()).isEqualTo("unauthorized");
            assertThat(client.request("refresh_token", Json.object()).errorCode()).isEqualTo("missing_field");
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }
}
