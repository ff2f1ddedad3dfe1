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

/** In development mode (the default) pages on localhost may open sockets, other sites may not. */
@SwitchboardTest(settings = "dev=true")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginCheckTest {
    private final TestServer server;

    OriginCheckTest(TestServer server) {
        this.server = server;
    }

    @Test
    void a_page_from_another_site_is_refused_with_403_at_the_handshake() {
        assertThatThrownBy(() -> server.connect(tokenInQuery(server.token("alice")).origin("https://evil.example")))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(403));
    }

    @Test
    void a_page_on_localhost_is_allowed_in_development_mode() {
        try (TestClient client = server.connect(tokenInQuery(server.token("alice")).origin("http://localhost:3000"))) {
            assertThat(client.userId()).isEqualTo("alice");
        }
    }

    @Test
    void a_client_that_sends_no_origin_is_not_a_browser_page_and_is_allowed() {
        try (TestClient client = server.connect(tokenInQuery(server.token("alice")))) {
            assertThat(client.userId()).isEqualTo("alice");
        }
    }
}
