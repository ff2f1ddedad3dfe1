package io.switchboard.tests.serverapi;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestHttp;
import java.util.Map;

/** Calls {@code POST /api/<method>} with a JSON body and the API key, as a backend does. */
public final class ServerApiCalls {
    private final TestHttp http;
    private final String key;

    public ServerApiCalls(TestHttp http, String key) {
        this.http = http;
        this.key = key;
    }

    /** Calls a method with a body (any value Jackson writes). */
    public HttpReply call(String method, Object body) {
        return http.postJson("/api/" + method, body, Map.of("X-Api-Key", key));
    }

    /** Calls a method and returns its {@code result}, failing unless the answer is 200. */
    public com.fasterxml.jackson.databind.JsonNode result(String method, Object body) {
        HttpReply reply = call(method, body);
        if (reply.status() != 200) {
            throw new AssertionError("POST /api/" + method + " answered " + reply);
        }
        return reply.json().path("result");
    }
}
