package io.switchboard.tests.limits;

import static io.switchboard.testkit.ConnectOptions.tokenInQuery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testkit.ConnectFailedException;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With no trusted proxy (the default) a client cannot claim another address to get a fresh budget. */
@SwitchboardTest(settings = {"connect-rate-per-ip=1", "connect-burst-per-ip=2"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ForwardedForUntrustedTest {
    @Test
    void x_forwarded_for_from_an_untrusted_peer_does_not_change_whose_budget_is_spent(TestServer server) {
        for (int i = 0; i < 2; i++) {
            server.connect(tokenInQuery(server.token("spoof-" + i)).header("X-Forwarded-For", "198.51.100." + i))
                    .awaitEstablished();
        }

        assertThatThrownBy(() -> server.connect(tokenInQuery(server.token("spoof-3")).header("X-Forwarded-For", "198.51.100.3")))
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.status()).isEqualTo(429));
    }
}
