package io.switchboard.tests.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestHttp;
import java.util.Map;

/** Signs in to the admin console over HTTP and calls its routes with the session token, as its page does. */
public final class AdminCalls {
    private final TestHttp http;
    private final String token;

    private AdminCalls(TestHttp http, String token) {
        this.http = http;
        this.token = token;
    }

    /** Signs in with {@code password}, failing unless the console answers 200 with a token. */
    public static AdminCalls signIn(TestHttp http, String password) {
        HttpReply reply = login(http, password);
        assertThat(reply.status()).as("sign-in: %s", reply).isEqualTo(200);
        return new AdminCalls(http, reply.json().path("token").asText());
    }

    public static HttpReply login(TestHttp http, String password) {
        return http.postJson("/admin/api/login", Map.of("password", password), Map.of());
    }

    public String token() {
        return token;
    }

    public HttpReply call(String method, Object body) {
        return http.postJson("/admin/api/" + method, body, Map.of("Authorization", "Bearer " + token));
    }

    public JsonNode result(String method, Object body) {
        HttpReply reply = call(method, body);
        assertThat(reply.status()).as("POST /admin/api/%s: %s", method, reply).isEqualTo(200);
        return reply.json().path("result");
    }

    public JsonNode stats() {
        HttpReply reply = http.get("/admin/api/stats", Map.of("Authorization", "Bearer " + token));
        assertThat(reply.status()).as("GET /admin/api/stats: %s", reply).isEqualTo(200);
        return reply.json();
    }
}
