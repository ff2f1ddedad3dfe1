package io.switchboard.tests.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every status code of the users API (seed 002). */
@Timeout(60)
@SwitchboardTest(apps = UsersApp.class)
class UsersApiTest {

    @Test
    void a_created_user_is_returned_with_201_and_can_be_read_back(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        HttpReply created = api.create("Ada", "Lovelace");
        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json();
        assertThat(user.get("first_name").asText()).isEqualTo("Ada");
        assertThat(user.get("last_name").asText()).isEqualTo("Lovelace");
        assertThat(user.get("version").asLong()).isEqualTo(1);
        assertThat(Instant.parse(user.get("created_at").asText())).isEqualTo(Instant.parse(user.get("updated_at").asText()));
        assertThat(created.header("ETag")).isEqualTo("\"1\"");

        HttpReply read = api.get(user.get("id").asLong());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(user);
    }

    @Test
    void the_list_is_paginated_with_a_cursor(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            made.add(api.createId("Page" + i, "Test"));
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            HttpReply page = api.call("GET", "/api/users/?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), null, Map.of());
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.json().get("results").size()).isLessThanOrEqualTo(2);
            page.json().get("results").forEach(u -> seen.add(u.get("id").asLong()));
            cursor = page.json().get("next_cursor").isNull() ? null : page.json().get("next_cursor").asText();
            pages++;
        } while (cursor != null && pages < 100);
        assertThat(seen).containsAll(made).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void bad_input_gets_400_with_the_field_and_the_reason(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        assertError(api.call("POST", "/api/users/", Map.of("last_name", "X"), Map.of()), 400, "missing_field", "first_name");
        assertError(api.create("", "X"), 400, "invalid_field", "first_name");
        assertError(api.create("   ", "X"), 400, "invalid_field", "first_name");
        assertError(api.call("POST", "/api/users/", Map.of("first_name", 42, "last_name", "X"), Map.of()), 400, "invalid_field", "first_name");
        assertError(api.create("X", "y".repeat(151)), 400, "invalid_field", "last_name");
        assertThat(api.create("X", "y".repeat(150)).status()).isEqualTo(201);
        assertError(api.call("POST", "/api/users/", Map.of("first_name", "A", "last_name", "B", "email", "a@b"), Map.of()),
                400, "unknown_field", "email");
        assertError(api.call("POST", "/api/users/", "{not json", Map.of()), 400, "bad_json", null);
        assertError(api.call("POST", "/api/users/", "[1,2]", Map.of()), 400, "bad_json", null);
        assertError(api.call("GET", "/api/users/?limit=0", null, Map.of()), 400, "invalid_field", "limit");
        long id = api.createId("Bad", "Patch");
        assertError(api.patch(id, Map.of("first_name", "")), 400, "invalid_field", "first_name");
        assertError(api.patchIfMatch(id, Map.of("first_name", "Z"), "soon"), 400, "invalid_field", "If-Match");
        assertThat(api.get(id).json().get("first_name").asText()).isEqualTo("Bad");
    }

    @Test
    void a_wrong_content_type_gets_415(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        assertError(api.call("POST", "/api/users/", "first_name=A", Map.of("Content-Type", "application/x-www-form-urlencoded")),
                415, "unsupported_media_type", null);
    }

    @Test
    void an_unknown_user_gets_404_and_a_wrong_method_405(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        assertError(api.get(999_999), 404, "not_found", null);
        assertError(api.call("GET", "/api/users/abc/", null, Map.of()), 404, "not_found", null);
        assertError(api.patch(999_999, Map.of("first_name", "X")), 404, "not_found", null);
        assertError(api.delete(999_999), 404, "not_found", null);
        long id = api.createId("Put", "Test");
        assertError(api.call("PUT", "/api/users/" + id + "/", Map.of("first_name", "X"), Map.of()), 405, "method_not_allowed", null);
    }

    @Test
    void the_api_requires_a_valid_token(TestServer server) {
        HttpReply none = server.http().get("/api/users/");
        assertError(none, 401, "unauthorized", null);
        HttpReply bad = server.http().send(HttpRequest.newBuilder(server.http().uri("/api/users/"))
                .header("Authorization", "Bearer not-a-token").GET().build());
        assertError(bad, 401, "unauthorized", null);
    }

    @Test
    void patch_changes_only_the_fields_sent_and_counts_the_version(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        long id = api.createId("Grace", "Hopper");
        HttpReply r = api.patch(id, Map.of("last_name", "Murray"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("first_name").asText()).isEqualTo("Grace");
        assertThat(r.json().get("last_name").asText()).isEqualTo("Murray");
        assertThat(r.json().get("version").asLong()).isEqualTo(2);
        assertThat(Instant.parse(r.json().get("updated_at").asText()))
                .isAfterOrEqualTo(Instant.parse(r.json().get("created_at").asText()));
    }

    @Test
    void a_stale_if_match_gets_412_with_the_current_record(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        long id = api.createId("Alan", "Turing");
        assertThat(api.patchIfMatch(id, Map.of("first_name", "Al"), "\"1\"").status()).isEqualTo(200);
        HttpReply stale = api.patchIfMatch(id, Map.of("first_name", "Alonzo"), "\"1\"");
        assertError(stale, 412, "precondition_failed", "If-Match");
        assertThat(stale.json().get("current").get("first_name").asText()).isEqualTo("Al");
        assertThat(stale.json().get("current").get("version").asLong()).isEqualTo(2);
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");
        assertThat(api.get(id).json().get("first_name").asText()).isEqualTo("Al");
        assertThat(api.patchIfMatch(id, Map.of("first_name", "Alonzo"), "2").status()).isEqualTo(200);
    }

    @Test
    void delete_answers_204_and_the_user_is_gone(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        long id = api.createId("Gone", "Soon");
        HttpReply deleted = api.delete(id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertError(api.get(id), 404, "not_found", null);
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
