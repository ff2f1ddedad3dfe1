package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.apps.accounts.AccountSettings;
import io.switchboard.server.config.SettingValues;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The accounts app is documented: docs/openapi.yaml has its four routes, their statuses and schemas,
 * docs/PROTOCOL.md its section and the rule that a refresh token is not an access token, the README its settings,
 * and a node with the app answers as they say.
 */
@Timeout(60)
class AccountsDocsTest extends AppDocsTest {
    @BeforeAll
    static void start() throws IOException {
        open("accounts", Map.of("password-iterations", "1000", "login-attempts-per-minute", "1000"),
                new UsersApp(), new AccountsApp());
    }

    @Test
    void openapi_has_the_accounts_paths_their_statuses_and_schemas() {
        assertStatuses("/api/auth/register", "post", "201", "400", "409", "413", "415", "429", "503");
        assertStatuses("/api/auth/login", "post", "200", "400", "401", "413", "415", "429", "503");
        assertStatuses("/api/auth/refresh", "post", "200", "400", "401", "413", "415");
        assertStatuses("/api/me", "get", "200", "401", "404");
        for (String schema : new String[] {"Registration", "Login", "RefreshRequest", "TokenGrant", "Account", "Username"}) {
            assertThat(openapi.at("/components/schemas/" + schema).isObject()).as("schema %s", schema).isTrue();
        }
        assertThat(Docs.resolve(openapi, openapi.at("/paths/~1api~1auth~1login/post/responses/429")).at("/headers").has("Retry-After"))
                .isTrue();
    }

    @Test
    void the_protocol_says_a_refresh_token_is_not_an_access_token_and_the_readme_has_the_settings() throws Exception {
        assertThat(protocol).contains("## Accounts").contains("`typ: \"refresh\"`").contains("a refresh token is not an access token")
                .contains("/api/auth/register").contains("/api/auth/login").contains("/api/auth/refresh").contains("/api/me");
        String readme = Files.readString(Docs.DIR.resolve("../README.md"));
        AccountSettings defaults = AccountSettings.from(SettingValues.of(Map.of()));
        for (String key : new String[] {"access-token-ttl", "refresh-token-ttl", "password-iterations", "login-attempts-per-minute"}) {
            assertThat(new AccountsApp().settingKeys()).contains(key);
            assertThat(readme).as("README settings table").contains("`" + key + "`");
            assertThat(protocol).contains("`" + key + "`");
        }
        String flat = protocol.replaceAll("\\s+", " ");
        assertThat(flat).contains("`access-token-ttl` (" + defaults.accessTokenTtl().toMinutes() + "m)")
                .contains("`refresh-token-ttl` (" + defaults.refreshTokenTtl().toDays() + "d)")
                .contains("`password-iterations` (" + defaults.passwordIterations() + ")")
                .contains("`login-attempts-per-minute` (" + defaults.loginAttemptsPerMinute() + ")");
    }

    @Test
    void a_node_with_the_app_answers_with_documented_statuses_and_shapes() throws Exception {
        String register = "/api/auth/register";
        HttpResponse<String> created = call(null, "POST", register, "{\"username\":\"Docs_User\",\"password\":\"docs password\"}", Map.of());
        assertDocumented("post", register, created, 201);
        JsonNode grant = Json.parse(created.body());
        assertHasRequired(grant, "TokenGrant");
        assertHasRequired(grant.get("user"), "Account");
        assertThat(grant.get("token_type").asText()).isEqualTo(openapi.at("/components/schemas/TokenGrant/properties/token_type/const").asText());
        assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertDocumented("post", register, call(null, "POST", register, "{\"username\":\"docs_user\",\"password\":\"another one\"}", Map.of()), 409);
        assertDocumented("post", register, call(null, "POST", register, "{\"username\":\"x\",\"password\":\"docs password\"}", Map.of()), 400);
        assertDocumented("post", register, call(null, "POST", register, "x", Map.of("Content-Type", "text/plain")), 415);

        String login = "/api/auth/login";
        HttpResponse<String> loggedIn = call(null, "POST", login, "{\"username\":\"docs_user\",\"password\":\"docs password\"}", Map.of());
        assertDocumented("post", login, loggedIn, 200);
        assertHasRequired(Json.parse(loggedIn.body()), "TokenGrant");
        assertDocumented("post", login, call(null, "POST", login, "{\"username\":\"docs_user\",\"password\":\"wrong password\"}", Map.of()), 401);
        assertDocumented("post", login, call(null, "POST", login, "{\"username\":\"docs_user\"}", Map.of()), 400);

        String refresh = "/api/auth/refresh";
        String refreshToken = grant.get("refresh_token").asText();
        HttpResponse<String> refreshed = call(null, "POST", refresh, "{\"refresh_token\":\"" + refreshToken + "\"}", Map.of());
        assertDocumented("post", refresh, refreshed, 200);
        assertHasRequired(Json.parse(refreshed.body()), "TokenGrant");
        String access = grant.get("access_token").asText();
        assertDocumented("post", refresh, call(null, "POST", refresh, "{\"refresh_token\":\"" + access + "\"}", Map.of()), 401);

        HttpResponse<String> me = call(access, "GET", "/api/me", null, Map.of());
        assertDocumented("get", "/api/me", me, 200);
        assertHasRequired(Json.parse(me.body()), "Account");
        assertDocumented("get", "/api/me", call(refreshToken, "GET", "/api/me", null, Map.of()), 401);
        assertDocumented("get", "/api/me", call(node.tokens().issue("alice", Duration.ofMinutes(5)), "GET", "/api/me", null, Map.of()), 404);
    }
}
