package io.switchboard.tests.users;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The users API as a signed-in admin calls it: these tests are about the API's answers, and an admin may change
 * the records it creates (which no user owns). {@code UserOwnershipTest} covers who else may.
 */
final class UsersHttp {
    private final TestServer server;
    private final String token;

    UsersHttp(TestServer server, String user) {
        this.server = server;
        this.token = server.adminToken(user);
    }

    HttpReply call(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http().uri(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return server.http().send(b.build());
    }

    HttpReply create(String first, String last) {
        return call("POST", "/api/users/", Map.of("first_name", first, "last_name", last), Map.of());
    }

    HttpReply get(long id) {
        return call("GET", "/api/users/" + id + "/", null, Map.of());
    }

    HttpReply patch(long id, Object body) {
        return call("PATCH", "/api/users/" + id + "/", body, Map.of());
    }

    HttpReply patchIfMatch(long id, Object body, String ifMatch) {
        return call("PATCH", "/api/users/" + id + "/", body, Map.of("If-Match", ifMatch));
    }

    HttpReply delete(long id) {
        return call("DELETE", "/api/users/" + id + "/", null, Map.of());
    }

    long createId(String first, String last) {
        HttpReply r = create(first, last);
        if (r.status() != 201) {
            throw new AssertionError("create failed: " + r);
        }
        return r.json().get("id").asLong();
    }
}
