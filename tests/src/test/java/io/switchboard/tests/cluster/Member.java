package io.switchboard.tests.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A user of the users app signed in to the social app of a deployment: the nodes share the signing secret, so one
 * token serves REST calls and sockets on any node, and each call names the node it goes to.
 */
final class Member {
    private static final AtomicInteger NAMES = new AtomicInteger();

    final long id;
    final String token;

    private Member(long id, String token) {
        this.id = id;
        this.token = token;
    }

    /** Creates a user through {@code POST /api/users/} on {@code node}. */
    static Member create(TestServer node, String first) {
        HttpRequest request = HttpRequest.newBuilder(node.http().uri("/api/users/"))
                .header("Authorization", "Bearer " + node.token("admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("first_name", first,
                        "last_name", "Cluster" + NAMES.incrementAndGet()))))
                .build();
        JsonNode created = expect(node.http().send(request), 201);
        long id = created.get("id").asLong();
        return new Member(id, node.token(Long.toString(id)));
    }

    /** The user id as tokens and socket paths name it. */
    String key() {
        return Long.toString(id);
    }

    /** A socket on {@code /ws/user/<id>} of {@code node} that has received {@code connection_established}. */
    TestClient socket(TestServer node) {
        return node.userClient(key());
    }

    HttpReply get(TestServer node, String path) {
        return call(node, "GET", path, null);
    }

    HttpReply post(TestServer node, String path, Object body) {
        return call(node, "POST", path, body == null ? Json.object() : body);
    }

    /** Follows {@code other}, through {@code node}. */
    void follow(TestServer node, Member other) {
        expect(post(node, "/api/users/" + other.id + "/follow", null), 200);
    }

    /** What {@code GET /api/users/<id>/status} on {@code node} says of {@code other}: online or offline. */
    String statusOf(TestServer node, Member other) {
        return expect(get(node, "/api/users/" + other.id + "/status"), 200).get("status").asText();
    }

    private HttpReply call(TestServer node, String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.http().uri(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return node.http().send(b.build());
    }

    static JsonNode expect(HttpReply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + " but got " + reply);
        }
        return reply.json();
    }
}
