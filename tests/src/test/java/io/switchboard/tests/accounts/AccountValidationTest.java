package io.switchboard.tests.accounts;

import static io.switchboard.tests.accounts.AccountsContract.assertError;
import static io.switchboard.tests.accounts.AccountsHttp.PASSWORD;
import static io.switchboard.tests.accounts.AccountsHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bad input to the accounts routes gets 400 naming the field, and nothing is created. */
@SwitchboardTest(apps = AccountsApp.class, settings = {"password-iterations=1000", "login-attempts-per-minute=100000"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccountValidationTest {
    private final TestServer server;
    private final AccountsHttp api;

    AccountValidationTest(TestServer server) {
        this.server = server;
        this.api = new AccountsHttp(server);
    }

    @Test
    void registration_names_the_field_at_fault() {
        String register = "/api/auth/register";
        assertError(api.post(register, body("password", PASSWORD)), 400, "missing_field", "username");
        assertError(api.post(register, body("username", "ab", "password", PASSWORD)), 400, "invalid_field", "username");
        assertError(api.post(register, body("username", "a".repeat(33), "password", PASSWORD)), 400, "invalid_field", "username");
        assertError(api.post(register, body("username", "al ice", "password", PASSWORD)), 400, "invalid_field", "username");
        assertError(api.post(register, body("username", "alice!", "password", PASSWORD)), 400, "invalid_field", "username");
        assertError(api.post(register, body("username", 12345, "password", PASSWORD)), 400, "invalid_field", "username");
        assertError(api.post(register, body("username", "valid_name")), 400, "missing_field", "password");
        assertError(api.post(register, body("username", "valid_name", "password", "1234567")), 400, "invalid_field", "password");
        assertError(api.post(register, body("username", "valid_name", "password", "p".repeat(129))), 400, "invalid_field", "password");
        assertError(api.post(register, body("username", "valid_name", "password", 12345678)), 400, "invalid_field", "password");
        assertError(api.post(register, body("username", "valid_name", "password", PASSWORD, "first_name", "f".repeat(151))),
                400, "invalid_field", "first_name");
        assertError(api.post(register, body("username", "valid_name", "password", PASSWORD, "last_name", 7)),
                400, "invalid_field", "last_name");
        assertError(api.post(register, body("username", "valid_name", "password", PASSWORD, "email", "a@b.c")),
                400, "unknown_field", "email");
        assertError(api.post(register, "{not json"), 400, "bad_json", null);
        assertError(server.http().post(register, "text/plain", "username=valid_name", Map.of()), 415, "unsupported_media_type", null);

        assertThat(api.login("valid_name", PASSWORD).status()).as("nothing was created").isEqualTo(401);
        assertThat(api.register("valid_name", "p".repeat(128)).status()).isEqualTo(201);
        assertThat(api.register("abc", "12345678").status()).isEqualTo(201);
        assertThat(api.register("a".repeat(32), PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void login_and_refresh_name_the_field_at_fault() {
        assertError(api.post("/api/auth/login", body("username", "someone")), 400, "missing_field", "password");
        assertError(api.post("/api/auth/login", body("password", PASSWORD)), 400, "missing_field", "username");
        assertError(api.post("/api/auth/login", body("username", "someone", "password", "")), 400, "invalid_field", "password");
        assertError(api.post("/api/auth/login", body("username", "someone", "password", PASSWORD, "remember", true)),
                400, "unknown_field", "remember");
        assertError(api.post("/api/auth/refresh", body()), 400, "missing_field", "refresh_token");
        assertError(api.post("/api/auth/refresh", body("refresh_token", 42)), 400, "invalid_field", "refresh_token");
        assertError(api.refresh("not-a-token"), 401, "unauthorized", "refresh_token");
    }

    @Test
    void me_needs_a_token_and_the_auth_routes_only_take_post() {
        assertError(server.http().get("/api/me"), 401, "unauthorized", null);
        assertError(server.http().get("/api/auth/login"), 405, "method_not_allowed", null);
        assertError(api.me(server.token("not-an-account")), 404, "not_found", null);
    }
}
