package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.Tokens;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code /ws/user/<id>} opens only for a valid token of the user its path names. */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserSocketAuthTest {
    private final TestServer server;

    UserSocketAuthTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_token_for_another_user_than_the_path_names_is_closed_with_4003() {
        CloseStatus close = open("/ws/user/bob", ConnectOptions.tokenInQuery(server.token("alice"))).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.FORBIDDEN.code());
    }

    @Test
    void a_token_signed_with_another_key_is_closed_with_4002() {
        CloseStatus close = open("/ws/user/alice", ConnectOptions.tokenInQuery(Tokens.signedWithAnotherKey("alice"))).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.INVALID_TOKEN.code());
    }

    @Test
    void an_expired_token_is_closed_with_4002() {
        CloseStatus close = open("/ws/user/alice", ConnectOptions.tokenInQuery(server.token("alice", Duration.ofMinutes(-5))))
                .awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.INVALID_TOKEN.code());
        assertThat(close.reason()).contains("expired");
    }

    @Test
    void no_token_is_closed_with_4001() {
        CloseStatus close = open("/ws/user/alice", ConnectOptions.withoutToken()).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.NO_CREDENTIALS.code());
    }

    @Test
    void a_path_that_does_not_decode_to_a_user_id_is_closed_with_4004() {
        CloseStatus close = open("/ws/user/al%C3%28ice", ConnectOptions.tokenInQuery(server.token("alice"))).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.UNKNOWN_RESOURCE.code());
    }

    @Test
    void a_uuid_user_id_opens_its_socket() {
        String uuid = UUID.randomUUID().toString();
        try (TestClient client = server.userClient(uuid)) {
            assertThat(client.userId()).isEqualTo(uuid);
        }
    }

    @Test
    void a_percent_encoded_user_id_is_decoded_before_it_is_compared() {
        try (TestClient client = open("/ws/user/ada%40example.com/", ConnectOptions.tokenInHeader(server.token("ada@example.com")))) {
            assertThat(client.userId()).isEqualTo("ada@example.com");
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    private TestClient open(String path, ConnectOptions options) {
        return server.connect(options.path(path));
    }
}
