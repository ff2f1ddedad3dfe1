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
 * Issue 15's lock-out: failing alice's password from many addresses must not keep alice out. The username backs
 * off for addresses she never signed in from; her own address, with her password, still gets in.
 */
@SwitchboardTest(apps = AccountsApp.class, settings = "password-iterations=1000")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoginLockoutTest {
    private final TestServer server;

    LoginLockoutTest(TestServer server) {
        this.server = server;
    }

    @Test
    void eleven_wrong_passwords_from_eleven_addresses_do_not_lock_the_owner_out_of_her_own_address() {
        LoopbackHttp home = new LoopbackHttp(server, "127.0.0.40");
        assertThat(home.register("alice", PASSWORD).status()).isEqualTo(201);
        assertThat(home.login("alice", PASSWORD).status()).isEqualTo(200);

        int refused = 0;
        for (int i = 1; i <= 11; i++) {
            int status = new LoopbackHttp(server, "127.0.0." + (40 + i)).login("alice", "wrong guess " + i).status();
            assertThat(status).isIn(401, 429);
            refused += status == 429 ? 1 : 0;
        }
        assertThat(refused).as("the username backs off once the default 10 failures are spent").isPositive();
        LoopbackHttp.Answer stranger = new LoopbackHttp(server, "127.0.0.60").login("alice", PASSWORD);
        assertThat(stranger.status()).as("an address alice never signed in from waits, right password or not").isEqualTo(429);
        assertThat(stranger.errorCode()).isEqualTo("rate_limited");
        assertThat(stranger.headers().get("retry-after")).isNotNull();

        LoopbackHttp.Answer owner = home.login("alice", PASSWORD);

        assertThat(owner.status()).as("%s", owner).isEqualTo(200);
        assertThat(new LoopbackHttp(server, "127.0.0.61").login("alice", "a guess after the reset").status())
                .as("her sign-in reset the count: a new guess is checked again").isEqualTo(401);
    }

    @Test
    void one_address_guessing_one_username_is_stopped_at_the_limit_while_the_owner_still_gets_in() {
        LoopbackHttp home = new LoopbackHttp(server, "127.0.0.70");
        assertThat(home.register("grace", PASSWORD).status()).isEqualTo(201);
        LoopbackHttp guesser = new LoopbackHttp(server, "127.0.0.71");
        for (int i = 0; i < 10; i++) {
            assertThat(guesser.login("grace", "guess " + i).status()).isEqualTo(401);
        }

        assertThat(guesser.login("grace", "guess 10").status()).isEqualTo(429);
        assertThat(home.login("grace", PASSWORD).status()).isEqualTo(200);
    }
}
