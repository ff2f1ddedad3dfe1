package io.switchboard.tests.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.Switchboard;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.Settings;
import io.switchboard.server.config.SettingValues;
import io.switchboard.tests.browser.BrowserScenario;
import io.switchboard.testtags.NeedsBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The seed's two windows in headless Chromium, including recovery from a server restart. */
@Timeout(240)
@NeedsBrowser
class UsersDemoInBrowserTest {
    @TempDir
    Path dataDir;

    @Test
    void two_windows_follow_each_others_edits_and_recover_after_the_server_restarts() throws Exception {
        Switchboard first = start(settings(0));
        int port = first.port();
        SettingValues settings = settings(port); // the restart comes back where the pages knew the node
        AtomicReference<Switchboard> node = new AtomicReference<>(first);
        try {
            long accountId = createAccount(node.get());
            long userId = createUser(node.get());
            BrowserScenario.run("users-demo.mjs",
                    Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + port, "USER_ID", String.valueOf(userId)),
                    request -> switch (request) {
                        case "CUT" -> {
                            node.get().shutdown();
                            changeWhileDown(settings, userId);
                            yield "OK";
                        }
                        case "RESTORE" -> {
                            node.set(start(settings));
                            yield "OK";
                        }
                        default -> "ERR unknown request " + request;
                    });
            assertThat(BrowserScenario.SCREENSHOTS.resolve("users-window-1.png")).exists();
            JsonNode account = get(node.get(), "/api/users/" + accountId + "/");
            assertThat(account.get("first_name").asText() + " " + account.get("last_name").asText())
                    .as("the account the social demo shows is not renamed by the users demo").isEqualTo("Grace Hopper");
            assertThat(BrowserScenario.SCREENSHOTS.resolve("users-window-2-recovered.png")).exists();
        } finally {
            node.get().shutdown();
        }
    }

    private SettingValues settings(int port) {
        return SettingValues.of(Map.of("host", "127.0.0.1", "port", String.valueOf(port),
                "data-dir", dataDir.toString(), "shutdown-grace", "1s"));
    }

    private static Switchboard start(SettingValues settings) {
        return Switchboard.create(settings).install(new UsersApp()).install(new AccountsApp()).start();
    }

    private static long createUser(Switchboard node) throws Exception {
        String token = node.tokens().issue("setup", Duration.ofMinutes(5));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port() + "/api/users/"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        return io.switchboard.protocol.Json.parse(r.body()).get("id").asLong();
    }

    /** An account (a user with a username, as the social demo makes), created before the demo's record. */
    private static long createAccount(Switchboard node) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port() + "/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"grace\",\"password\":\"correct horse battery staple\","
                        + "\"first_name\":\"Grace\",\"last_name\":\"Hopper\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return io.switchboard.protocol.Json.parse(r.body()).get("user").get("id").asLong();
    }

    private static JsonNode get(Switchboard node, String path) throws Exception {
        String token = node.tokens().issue("check", Duration.ofMinutes(5));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + node.port() + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return io.switchboard.protocol.Json.parse(r.body());
    }

    /** The server is down: the change goes straight into its database, so only a reload can reveal it. */
    private static void changeWhileDown(SettingValues settings, long userId) {
        try (Connection c = DriverManager.getConnection(Settings.from(settings).database().url());
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE users SET first_name = 'Katherine', version = version + 1, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, System.currentTimeMillis());
            ps.setLong(2, userId);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
