package io.switchboard.tests.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestHttp;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

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
        return create(node.http(), node::token, first);
    }

    /** Creates a user through {@code POST /api/users/} on a node process. */
    static Member create(NodeProcess node, String first) {
        return create(node.http(), node::token, first);
    }

    private static Member create(TestHttp http, UnaryOperator<String> tokens, String first) {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/users/"))
                .header("Authorization", "Bearer " + tokens.apply("admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("first_name", first,
                        "last_name", "Cluster" + NAMES.incrementAndGet()))))
                .build();
        JsonNode created = expect(http.send(request), 201);
        long id = created.get("id").asLong();
        return new Member(id, tokens.apply(Long.toString(id)));
    }

    /** The user id as tokens and socket paths name it. */
    String key() {
        return Long.toString(id);
    }

    /** A socket on {@code /ws/user/<id>} of {@code node} that has received {@code connection_established}. */
    TestClient socket(TestServer node) {
        return node.userClient(key());
    }

    /** A socket on {@code /ws/user/<id>} of a node process that has received {@code connection_established}. */
    TestClient socket(NodeProcess node) {
        return node.userClient(key(), null);
    }

    HttpReply get(TestServer node, String path) {
        return call(node.http(), "GET", path, null);
    }

    HttpReply post(TestServer node, String path, Object body) {
        return call(node.http(), "POST", path, body == null ? Json.object() : body);
    }

    /** Follows {@code other}, through {@code node}. */
    void follow(TestServer node, Member other) {
        follow(node.http(), other);
    }

    /** Follows {@code other}, through a node process. */
    void follow(NodeProcess node, Member other) {
        follow(node.http(), other);
    }

    private void follow(TestHttp http, Member other) {
        expect(call(http, "POST", "/api/users/" + other.id + "/follow", Json.object()), 200);
    }

    /** What {@code GET /api/users/<id>/status} on {@code node} says of {@code other}: online or offline. */
    String statusOf(TestServer node, Member other) {
        return statusOf(node.http(), other);
    }

    /** What {@code GET /api/users/<id>/status} on a node process says of {@code other}. */
    String statusOf(NodeProcess node, Member other) {
        return statusOf(node.http(), other);
    }

    private String statusOf(TestHttp http, Member other) {
        return expect(call(http, "GET", "/api/users/" + other.id + "/status", null), 200).get("status").asText();
    }

    private HttpReply call(TestHttp http, String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.build());
    }

    static JsonNode expect(HttpReply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + " but got " + reply);
        }
        return reply.json();
    }
}
