package io.switchboard.tests.lifecycle;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.CloseCode;
import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each test shuts its own server down, so none is shared. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {
    @Test
    void connected_clients_receive_1001_when_the_server_shuts_down() {
        try (TestServer server = TestServer.start(Map.of())) {
            TestClient alice = server.client("alice");
            TestClient bob = server.client("bob");
            bob.subscribe("public:room");

            server.switchboard().shutdown();

            for (TestClient client : new TestClient[] {alice, bob}) {
                CloseStatus close = client.awaitClose();
                assertThat(close.code()).isEqualTo(CloseCode.GOING_AWAY.code());
                assertThat(close.reason()).isNotBlank();
            }
        }
    }

    @Test
    void new_connections_are_refused_after_shutdown() {
        try (TestServer server = TestServer.start(Map.of())) {
            String token = server.token("alice");

            server.switchboard().shutdown();

            assertThatThrownBy(() -> server.connect(tokenInQuery(token))).isInstanceOf(ConnectFailedException.class);
        }
    }
}
