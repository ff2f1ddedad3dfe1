package io.switchboard.tests.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import java.util.Map;

/** The assistant's REST API as one user calls it. */
final class AssistantHttp {
    private final TestServer server;
    private final Map<String, String> auth;

    AssistantHttp(TestServer server, String user) {
        this.server = server;
        this.auth = Map.of("Authorization", "Bearer " + server.token(user));
    }

    HttpReply get(String path) {
        return server.http().get(path, auth);
    }

    HttpReply post(String path, Object body) {
        return server.http().postJson(path, body, auth);
    }

    /** Creates a conversation and returns its uuid. */
    String conversation(String title) {
        HttpReply reply = post("/api/conversations/", Json.object().put("title", title));
        if (reply.status() != 201) {
            throw new AssertionError("creating a conversation answered " + reply);
        }
        return reply.json().path("uuid").asText();
    }

    /** Sends a message and returns the stored user message. */
    JsonNode ask(String conversation, String content) {
        HttpReply reply = post("/api/conversations/" + conversation + "/messages/", Json.object().put("content", content));
        if (reply.status() != 201) {
            throw new AssertionError("sending a message answered " + reply);
        }
        return reply.json();
    }
}
