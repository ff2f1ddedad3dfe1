package io.switchboard.tests.social;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A user of the users app, signed in to the social app: REST calls with their token, and their event sockets. */
final class SocialUser {
    private static final AtomicInteger NAMES = new AtomicInteger();

    final TestServer server;
    final long id;
    final String name;
    final String token;

    private SocialUser(TestServer server, long id, String name) {
        this.server = server;
        this.id = id;
        this.name = name;
        this.token = server.token(Long.toString(id));
    }

    /** Creates a user through {@code POST /api/users/} (first name {@code first}, a unique last name). */
    static SocialUser create(TestServer server, String first) {
        String last = "Test" + NAMES.incrementAndGet();
        HttpRequest request = HttpRequest.newBuilder(server.http().uri("/api/users/"))
                .header("Authorization", "Bearer " + server.token("admin"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("first_name", first, "last_name", last))))
                .build();
        HttpReply reply = server.http().send(request);
        if (reply.status() != 201) {
            throw new AssertionError("could not create a user: " + reply);
        }
        return new SocialUser(server, reply.json().get("id").asLong(), first + " " + last);
    }

    /** The user id as tokens and socket paths name it. */
    String key() {
        return Long.toString(id);
    }

    /** A socket on {@code /ws/user/<id>} that has received {@code connection_established}. */
    TestClient socket() {
        return server.userClient(key());
    }

    HttpReply call(String method, String path, Object body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.http().uri(path))
                .header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return server.http().send(b.build());
    }

    HttpReply get(String path) {
        return call("GET", path, null);
    }

    HttpReply post(String path, Object body) {
        return call("POST", path, body == null ? Json.object() : body);
    }

    HttpReply delete(String path) {
        return call("DELETE", path, null);
    }

    /** Writes a post and returns its id. */
    long writePost(String content) {
        return expect(post("/api/posts/", Map.of("content", content)), 201).get("id").asLong();
    }

    /** Likes a post; returns the answer {@code {post_id, liked, count, version}}. */
    JsonNode like(long post) {
        return expect(post("/api/posts/" + post + "/like", null), 200);
    }

    /** Follows a user. */
    void follow(SocialUser other) {
        expect(post("/api/users/" + other.id + "/follow", null), 200);
    }

    /** Starts (or finds) a conversation with the others; returns its id. */
    long conversationWith(SocialUser... others) {
        com.fasterxml.jackson.databind.node.ObjectNode body = Json.object();
        com.fasterxml.jackson.databind.node.ArrayNode ids = body.putArray("member_ids");
        for (SocialUser o : others) {
            ids.add(o.id);
        }
        HttpReply reply = post("/api/chat/conversations/", body);
        if (reply.status() != 201 && reply.status() != 200) {
            throw new AssertionError("could not create a conversation: " + reply);
        }
        return reply.json().get("id").asLong();
    }

    static JsonNode expect(HttpReply reply, int status) {
        if (reply.status() != status) {
            throw new AssertionError("expected " + status + " but got " + reply);
        }
        return reply.json();
    }
}
