package io.switchboard.tests.accounts;

import static io.switchboard.tests.accounts.AccountsHttp.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Login attempts are limited per client address and per username (3 a minute here, so a token every 20 s), and
 * registrations per address; over the limit the answer is 429 {@code rate_limited} with {@code Retry-After}. Each
 * test speaks from its own loopback addresses, so the tests do not share buckets.
 */
@SwitchboardTest(apps = AccountsApp.class, settings = {"password-iterations=1000", "login-attempts-per-minute=3"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginRateLimitTest {
    private final TestServer server;

    LoginRateLimitTest(TestServer server) {
        this.server = server;
    }

    @Test
    void guessing_one_users_password_is_stopped_even_from_fresh_addresses_and_even_with_the_right_password_from_a_new_one() {
        LoopbackHttp first = new LoopbackHttp(server, "127.0.0.2");
        assertThat(first.register("victim", PASSWORD).status()).isEqualTo(201);
        LoopbackHttp second = new LoopbackHttp(server, "127.0.0.3");

        assertThat(first.login("victim", "guess one").status()).isEqualTo(401);
        assertThat(first.login("victim", "guess two").status()).isEqualTo(401);
        assertThat(second.login("victim", "guess three").status()).isEqualTo(401);
        LoopbackHttp.Answer limited = new LoopbackHttp(server, "127.0.0.4").login("victim", PASSWORD);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.headers().get("retry-after")).isEqualTo("20");
        assertThat(second.login("bystander", "whatever it is").status()).as("the address still has attempts").isEqualTo(401);
    }

    @Test
    void one_address_trying_many_usernames_is_stopped() {
        LoopbackHttp sprayer = new LoopbackHttp(server, "127.0.0.5");
        for (String user : new String[] {"user_a", "user_b", "user_c"}) {
            assertThat(sprayer.login(user, "password123").status()).isEqualTo(401);
        }

        LoopbackHttp.Answer limited = sprayer.login("user_d", "password123");

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(limited.headers().get("retry-after")).isEqualTo("20");
        assertThat(new LoopbackHttp(server, "127.0.0.6").login("user_d", "password123").status())
                .as("another address may still try that username").isEqualTo(401);
    }

    @Test
    void one_address_registering_many_accounts_is_stopped() {
        LoopbackHttp farm = new LoopbackHttp(server, "127.0.0.7");
        for (int i = 0; i < 3; i++) {
            assertThat(farm.register("farmed_" + i, PASSWORD).status()).isEqualTo(201);
        }

        LoopbackHttp.Answer limited = farm.register("farmed_3", PASSWORD);

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(new LoopbackHttp(server, "127.0.0.8").login("farmed_3", PASSWORD).status())
                .as("the refused registration created nothing").isEqualTo(401);
    }
}
