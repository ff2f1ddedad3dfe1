package io.switchboard.tests.accounts;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import java.util.LinkedHashMap;
import java.util.Map;

/** The accounts API as a client calls it. */
final class AccountsHttp {
    static final String PASSWORD = "correct horse battery staple";
    private final TestServer server;

    AccountsHttp(TestServer server) {
        this.server = server;
    }

    HttpReply register(String username, String password) {
        return post("/api/auth/register", Map.of("username", username, "password", password));
    }

    HttpReply login(String username, String password) {
        return post("/api/auth/login", Map.of("username", username, "password", password));
    }

    HttpReply refresh(String refreshToken) {
        return post("/api/auth/refresh", Map.of("refresh_token", refreshToken));
    }

    HttpReply me(String accessToken) {
        return server.http().get("/api/me", Map.of("Authorization", "Bearer " + accessToken));
    }

    HttpReply post(String path, Object body) {
        return server.http().post(path, "application/json", body instanceof String s ? s : Json.write(body), Map.of());
    }

    /** Registers a user with the default password and returns the 201 body. */
    JsonNode registered(String username) {
        HttpReply r = register(username, PASSWORD);
        if (r.status() != 201) {
            throw new AssertionError("register " + username + " failed: " + r);
        }
        return r.json();
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], pairs[i + 1]);
        }
        return out;
    }
}
