package io.switchboard.tests.auth;

import static io.switchboard.testkit.ConnectOptions.tokenInHeader;
import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static io.switchboard.testkit.ConnectOptions.tokenInSubprotocol;
import static io.switchboard.testkit.ConnectOptions.withoutToken;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.Tokens;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationTest {
    private final TestServer server;

    AuthenticationTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_socket_without_a_token_is_closed_with_4001() {
        CloseStatus close = server.connect(withoutToken()).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.NO_CREDENTIALS.code());
    }

    @Test
    void a_token_signed_with_another_key_is_closed_with_4002() {
        assertRefusedWith4002(Tokens.signedWithAnotherKey("alice"));
    }

    @Test
    void a_token_whose_claims_were_changed_after_signing_is_closed_with_4002() {
        assertRefusedWith4002(Tokens.withSwappedSubject(server.token("alice"), "mallory"));
    }

    @Test
    void an_expired_token_is_closed_with_4002() {
        assertRefusedWith4002(server.token("alice", Duration.ofMinutes(-5)));
    }

    @Test
    void an_unsigned_alg_none_token_is_closed_with_4002() {
        assertRefusedWith4002(Tokens.unsigned("alice"));
    }

    @Test
    void a_token_that_is_not_a_jwt_is_closed_with_4002() {
        assertRefusedWith4002("garbage");
    }

    static Stream<Arguments> tokenPlaces() {
        return Stream.of(
                Arguments.of("the query", (Function<String, ConnectOptions>) ConnectOptions::tokenInQuery),
                Arguments.of("an Authorization Bearer header", (Function<String, ConnectOptions>) ConnectOptions::tokenInHeader),
                Arguments.of("the Sec-WebSocket-Protocol header", (Function<String, ConnectOptions>) ConnectOptions::tokenInSubprotocol));
    }

    @ParameterizedTest(name = "a valid token in {0} opens a session for its user")
    @MethodSource("tokenPlaces")
    void a_valid_token_opens_a_session_for_its_user(String place, Function<String, ConnectOptions> options) {
        try (TestClient client = server.connect(options.apply(server.token("alice")))) {
            JsonNode established = client.awaitEstablished();

            assertThat(established.path("data").path("user_id").asText()).isEqualTo("alice");
            assertThat(established.path("data").path("session_id").asText()).isNotBlank();
            assertThat(client.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void each_connection_gets_its_own_session_id() {
        try (TestClient first = server.client("alice"); TestClient second = server.client("alice")) {
            assertThat(first.sessionId()).isNotEqualTo(second.sessionId());
        }
    }

    @Test
    void the_server_selects_the_switchboard_subprotocol_when_the_client_offers_it() {
        try (TestClient viaToken = server.connect(tokenInSubprotocol(server.token("alice")));
             TestClient viaQuery = server.connect(tokenInQuery(server.token("alice")).subprotocols("switchboard"))) {
            assertThat(viaToken.subprotocol()).isEqualTo("switchboard");
            assertThat(viaQuery.subprotocol()).isEqualTo("switchboard");
            assertThat(viaToken.userId()).isEqualTo("alice");
        }
    }

    @Test
    void a_refused_token_in_the_header_is_closed_like_one_in_the_query() {
        CloseStatus close = server.connect(tokenInHeader("garbage")).awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.INVALID_TOKEN.code());
    }

    private void assertRefusedWith4002(String token) {
        TestClient client = server.connect(tokenInQuery(token));

        CloseStatus close = client.awaitClose();

        assertThat(close.code()).isEqualTo(CloseCode.INVALID_TOKEN.code());
        assertThat(close.reason()).isNotBlank().doesNotContain(token);
    }
}
