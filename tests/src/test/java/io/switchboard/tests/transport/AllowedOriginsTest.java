package io.switchboard.tests.transport;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Outside development mode only the configured origins may open sockets. */
@SwitchboardTest(settings = {"dev=false", "jwt-secret=origins-test-secret-of-at-least-32-bytes",
        "allowed-origins=https://app.example.com, https://evil.example"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AllowedOriginsTest {
    private final TestServer server;

    AllowedOriginsTest(TestServer server) {
        this.server = server;
    }

    @ParameterizedTest(name = "a page from {0} is allowed when configured")
    @ValueSource(strings = {"https://app.example.com", "https://evil.example", "HTTPS://APP.EXAMPLE.COM"})
    void a_configured_origin_is_allowed(String origin) {
        try (TestClient client = server.connect(tokenInQuery(server.token("alice")).origin(origin))) {
            assertThat(client.userId()).isEqualTo("alice");
        }
    }

    @ParameterizedTest(name = "a page from {0} is refused with 403")
    @ValueSource(strings = {"https://other.example", "http://app.example.com", "https://app.example.com:8443",
            "http://localhost:3000", "null"})
    void an_origin_not_configured_is_refused(String origin) {
        assertThatThrownBy(() -> server.connect(tokenInQuery(server.token("alice")).origin(origin)))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void a_refused_origin_does_not_open_a_session() {
        assertThatThrownBy(() -> server.connect(tokenInQuery(server.token("alice")).origin("https://other.example")))
                .isInstanceOf(ConnectFailedException.class);

        server.awaitOpenConnections(0);
    }
}
