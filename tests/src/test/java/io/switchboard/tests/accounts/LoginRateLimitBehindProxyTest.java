package io.switchboard.tests.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Behind a load balancer listed in {@code trusted-proxies} (127.0.0.30 here), login attempts are counted per client
 * that the balancer names in {@code X-Forwarded-For}, not per balancer: otherwise every user behind it would share
 * one budget of 3 a minute. The header from any other peer is not believed.
 */
@SwitchboardTest(apps = AccountsApp.class,
        settings = {"password-iterations=1000", "login-attempts-per-minute=3", "trusted-proxies=127.0.0.30"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginRateLimitBehindProxyTest {
    private final TestServer server;

    LoginRateLimitBehindProxyTest(TestServer server) {
        this.server = server;
    }

    @Test
    void clients_behind_a_trusted_proxy_each_have_their_own_attempts() {
        LoopbackHttp proxy = new LoopbackHttp(server, "127.0.0.30");
        for (String user : new String[] {"p_a", "p_b", "p_c"}) {
            assertThat(login(proxy, user, "198.51.100.7").status()).isEqualTo(401);
        }

        LoopbackHttp.Answer limited = login(proxy, "p_d", "198.51.100.7");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(login(proxy, "p_d", "198.51.100.8").status()).as("another client behind the same proxy").isEqualTo(401);
    }

    @Test
    void a_forwarded_for_header_from_an_untrusted_peer_is_ignored() {
        LoopbackHttp client = new LoopbackHttp(server, "127.0.0.31");
        for (int i = 0; i < 3; i++) {
            assertThat(login(client, "u_" + i, "203.0.113." + i).status()).isEqualTo(401);
        }

        assertThat(login(client, "u_3", "203.0.113.99").status()).as("a made-up address buys no attempts").isEqualTo(429);
    }

    private static LoopbackHttp.Answer login(LoopbackHttp from, String username, String forwardedFor) {
        return from.post("/api/auth/login", Map.of("username", username, "password", "password123"),
                Map.of("X-Forwarded-For", forwardedFor));
    }
}
