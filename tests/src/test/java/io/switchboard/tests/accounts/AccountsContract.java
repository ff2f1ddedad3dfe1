package io.switchboard.tests.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What accounts promise on SQLite and on PostgreSQL (see the subclasses): register, log in, refresh and read
 * yourself; one owner per username, also under a race; the same answer for a wrong password and an unknown
 * user; a stored hash that is not the password; and accounts that are users of the users API and of the inbox.
 * The subclasses start the server with {@link #SETTINGS}.
 */
abstract class AccountsContract {
    /** Cheap hashes and a login limit no test here reaches; a 10-minute access token. */
    static final Map<String, String> SETTINGS = Map.of("password-iterations", "1000", "login-attempts-per-minute", "100000",
            "access-token-ttl", "10m");

    abstract TestServer server();

    @Test
    void a_registered_user_gets_tokens_logs_in_refreshes_and_reads_itself() {
        AccountsHttp api = new AccountsHttp(server());
        HttpReply registered = api.register("Ada_L", AccountsHttp.PASSWORD);

        assertThat(registered.status()).as("%s", registered).isEqualTo(201);
        assertThat(registered.header("Cache-Control")).isEqualTo("no-store");
        JsonNode body = registered.json();
        JsonNode user = body.get("user");
        long id = user.get("id").asLong();
        assertThat(id).isPositive();
        assertThat(user.get("username").asText()).isEqualTo("ada_l");
        assertThat(user.get("first_name").asText()).isEqualTo("ada_l");
        assertThat(user.get("last_name").asText()).isEmpty();
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asLong()).isEqualTo(600);
        assertThat(subject(body.get("access_token").asText())).isEqualTo(String.valueOf(id));

        HttpReply me = api.me(body.get("access_token").asText());
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        assertThat(me.json()).isEqualTo(user);

        HttpReply login = api.login("ADA_L", AccountsHttp.PASSWORD);
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        assertThat(login.json().get("user").get("id").asLong()).isEqualTo(id);
        assertThat(api.me(login.json().get("access_token").asText()).json().get("username").asText()).isEqualTo("ada_l");

        String oldRefresh = login.json().get("refresh_token").asText();
        HttpReply refreshed = api.refresh(oldRefresh);
        assertThat(refreshed.status()).as("%s", refreshed).isEqualTo(200);
        assertThat(refreshed.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(refreshed.json().get("refresh_token").asText()).isNotEqualTo(oldRefresh);
        assertThat(refreshed.json().get("access_token").asText()).isNotEqualTo(login.json().get("access_token").asText());
        assertThat(api.me(refreshed.json().get("access_token").asText()).json().get("id").asLong()).isEqualTo(id);
        assertThat(api.refresh(refreshed.json().get("refresh_token").asText()).status()).isEqualTo(200);
    }

    @Test
    void names_given_at_registration_are_kept() {
        AccountsHttp api = new AccountsHttp(server());
        HttpReply r = api.post("/api/auth/register", AccountsHttp.body("username", "grace.h", "password", AccountsHttp.PASSWORD,
                "first_name", "  Grace ", "last_name", "Hopper"));

        assertThat(r.status()).as("%s", r).isEqualTo(201);
        assertThat(r.json().get("user").get("first_name").asText()).isEqualTo("Grace");
        assertThat(r.json().get("user").get("last_name").asText()).isEqualTo("Hopper");
    }

    @Test
    void a_taken_username_gets_409_whatever_its_case_and_the_first_owner_keeps_it() {
        AccountsHttp api = new AccountsHttp(server());
        long owner = api.registered("alan-t").get("user").get("id").asLong();

        HttpReply again = api.register("Alan-T", "another password entirely");

        assertError(again, 409, "conflict", "username");
        HttpReply login = api.login("alan-t", AccountsHttp.PASSWORD);
        assertThat(login.json().get("user").get("id").asLong()).isEqualTo(owner);
        assertThat(api.login("alan-t", "another password entirely").status()).isEqualTo(401);
    }

    @Test
    void two_concurrent_registrations_of_one_username_give_exactly_one_201_and_one_409() throws Exception {
        AccountsHttp api = new AccountsHttp(server());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String username = "race" + round + "_" + UUID.randomUUID().toString().substring(0, 8);
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<HttpReply>> both = new ArrayList<>();
                for (String password : new String[] {"first password", "second password"}) {
                    both.add(() -> {
                        start.await();
                        return api.register(username, password);
                    });
                }
                List<Future<HttpReply>> futures = new ArrayList<>();
                both.forEach(c -> futures.add(pool.submit(c)));
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<HttpReply> f : futures) {
                    HttpReply r = f.get(30, TimeUnit.SECONDS);
                    statuses.add(r.status());
                    if (r.status() == 409) {
                        assertThat(r.errorField()).isEqualTo("username");
                    }
                }
                Collections.sort(statuses);
                assertThat(statuses).as("round %d", round).containsExactly(201, 409);
                assertThat(storedUsernames(username)).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_401() {
        AccountsHttp api = new AccountsHttp(server());
        api.registered("katherine");

        HttpReply wrongPassword = api.login("katherine", "not the password");
        HttpReply unknownUser = api.login("nobody_here", "not the password");

        assertError(wrongPassword, 401, "unauthorized", null);
        assertThat(unknownUser.status()).isEqualTo(401);
        assertThat(unknownUser.body()).isEqualTo(wrongPassword.body());
    }

    @Test
    void the_stored_hash_is_a_pbkdf2_hash_and_neither_password_nor_hash_is_ever_returned() throws Exception {
        AccountsHttp api = new AccountsHttp(server());
        HttpReply registered = api.register("margaret", AccountsHttp.PASSWORD);
        long id = registered.json().get("user").get("id").asLong();

        String stored;
        try (Connection c = server().switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                stored = rs.getString(1);
            }
        }
        assertThat(stored).startsWith("pbkdf2-sha256$1000$").doesNotContain(AccountsHttp.PASSWORD);
        for (HttpReply r : List.of(registered, api.login("margaret", AccountsHttp.PASSWORD),
                api.me(registered.json().get("access_token").asText()))) {
            assertThat(r.body()).doesNotContain(AccountsHttp.PASSWORD).doesNotContain(stored).doesNotContain("password");
        }
    }

    @Test
    void a_registered_user_is_a_user_of_the_users_api_and_deleting_it_there_ends_its_refreshes() {
        AccountsHttp api = new AccountsHttp(server());
        JsonNode registered;
        try (TestClient window = server().connect(ConnectOptions.tokenInSubprotocol(server().token("watcher"))
                .path("/ws/user-updates/"))) {
            window.awaitEstablished();
            registered = api.registered("hedy");
            JsonNode created = window.awaitPush("user_update");
            assertThat(created.get("data").get("action").asText()).isEqualTo("create");
            assertThat(created.get("data").get("user")).isEqualTo(withoutUsername(registered.get("user")));
        }
        long id = registered.get("user").get("id").asLong();
        String access = registered.get("access_token").asText();

        HttpReply list = usersApi("GET", "/api/users/?limit=200&cursor=" + (id - 1), access);
        assertThat(list.status()).as("%s", list).isEqualTo(200);
        JsonNode first = list.json().get("results").get(0);
        assertThat(first.get("id").asLong()).isEqualTo(id);
        assertThat(first.get("first_name").asText()).isEqualTo("hedy");

        assertThat(usersApi("DELETE", "/api/users/" + id + "/", access).status()).isEqualTo(204);
        assertError(api.refresh(registered.get("refresh_token").asText()), 401, "unauthorized", "refresh_token");
        assertError(api.me(access), 404, "not_found", null);
        assertThat(api.login("hedy", AccountsHttp.PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void the_access_token_opens_the_users_own_event_socket_and_inbox_events_reach_it() {
        AccountsHttp api = new AccountsHttp(server());
        JsonNode registered = api.registered("barbara");
        String id = registered.get("user").get("id").asText();

        try (TestClient client = server().connect(ConnectOptions.tokenInQuery(registered.get("access_token").asText())
                .path(TestServer.userPath(id)))) {
            JsonNode established = client.awaitEstablished();
            assertThat(established.path("data").path("user_id").asText()).isEqualTo(id);

            HttpReply emitted = server().http().postJson("/api/inbox/events",
                    Map.of("user_id", id, "type", "notification", "data", Map.of("text", "welcome")),
                    Map.of("X-Api-Key", server().apiKey()));
            assertThat(emitted.status()).as("%s", emitted).isEqualTo(201);
            JsonNode event = client.awaitEvent();
            assertThat(event.path("type").asText()).isEqualTo("notification");
            assertThat(event.path("data").path("text").asText()).isEqualTo("welcome");
        }
    }

    @Test
    void another_users_token_can_neither_rename_nor_delete_an_account_and_an_admins_can() {
        AccountsHttp api = new AccountsHttp(server());
        JsonNode ada = api.registered("ada_owner");
        JsonNode bob = api.registered("bob_other");
        String adaAccess = ada.get("access_token").asText();
        String bobAccess = bob.get("access_token").asText();
        String adaPath = "/api/users/" + ada.get("user").get("id").asLong() + "/";

        assertError(usersApi("PATCH", adaPath, bobAccess, "{\"first_name\":\"Hacked\"}"), 403, "forbidden", null);
        assertError(usersApi("DELETE", adaPath, bobAccess, null), 403, "forbidden", null);
        HttpReply me = api.me(adaAccess);
        assertThat(me.status()).as("%s", me).isEqualTo(200);
        assertThat(me.json().get("first_name").asText()).isEqualTo("ada_owner");

        HttpReply own = usersApi("PATCH", adaPath, adaAccess, "{\"first_name\":\"Ada\"}");
        assertThat(own.status()).as("%s", own).isEqualTo(200);
        HttpReply byAdmin = usersApi("PATCH", adaPath, server().adminToken("support"), "{\"last_name\":\"Lovelace\"}");
        assertThat(byAdmin.status()).as("%s", byAdmin).isEqualTo(200);
        assertThat(api.me(adaAccess).json().get("last_name").asText()).isEqualTo("Lovelace");

        HttpReply byApiKey = server().http().send(HttpRequest.newBuilder(server().http().uri(adaPath))
                .header("X-Api-Key", server().apiKey()).DELETE().build());
        assertThat(byApiKey.status()).as("%s", byApiKey).isEqualTo(204);
        assertError(api.me(adaAccess), 404, "not_found", null);
    }

    private HttpReply usersApi(String method, String path, String token, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server().http().uri(path)).header("Authorization", "Bearer " + token)
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        return server().http().send(b.build());
    }

    private HttpReply usersApi(String method, String path, String token) {
        return server().http().send(HttpRequest.newBuilder(server().http().uri(path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private int storedUsernames(String username) throws Exception {
        try (Connection c = server().switchboard().database().dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static JsonNode withoutUsername(JsonNode user) {
        ObjectNode copy = user.deepCopy();
        copy.remove("username");
        return copy;
    }

    static String subject(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return Json.parse(payload).get("sub").asText();
    }

    static void assertError(HttpReply reply, int status, String code, String field) {
        assertThat(reply.status()).as("status of %s", reply).isEqualTo(status);
        assertThat(reply.errorCode()).as("code of %s", reply).isEqualTo(code);
        if (field != null) {
            assertThat(reply.errorField()).as("field of %s", reply).isEqualTo(field);
        }
        assertThat(reply.json().get("error").get("message").asText()).isNotBlank();
    }
}
