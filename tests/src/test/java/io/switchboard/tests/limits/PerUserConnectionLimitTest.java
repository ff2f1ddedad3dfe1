package io.switchboard.tests.limits;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@SwitchboardTest(settings = "max-connections-per-user=2")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PerUserConnectionLimitTest {
    @Test
    void a_users_third_connection_is_closed_with_4103_and_others_are_unaffected(TestServer server) {
        try (TestClient first = server.client("alice"); TestClient second = server.client("alice");
             TestClient bob = server.client("bob")) {
            TestClient third = server.connect(tokenInQuery(server.token("alice")));

            assertThat(third.awaitClose().code()).isEqualTo(CloseCode.TOO_MANY_CONNECTIONS.code());
            assertThat(first.ping().path("type").asText()).isEqualTo("pong");
            assertThat(second.ping().path("type").asText()).isEqualTo("pong");
            assertThat(bob.ping().path("type").asText()).isEqualTo("pong");
        }
    }

    @Test
    void a_closed_connection_frees_its_slot(TestServer server) {
        server.awaitOpenConnections(0);
        try (TestClient first = server.client("carol")) {
            TestClient second = server.client("carol");
            second.close();
            server.awaitOpenConnections(1);

            try (TestClient again = server.client("carol")) {
                assertThat(again.ping().path("type").asText()).isEqualTo("pong");
            }
        }
    }
}
