package io.switchboard.testkit;

import io.switchboard.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** REST calls to a test server with {@link java.net.http.HttpClient}; each returns the status and the body. */
public final class TestHttp {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient client;
    private final URI base;
    private final String apiKey;

    TestHttp(HttpClient client, URI base, String apiKey) {
        this.client = client;
        this.base = base;
        this.apiKey = apiKey;
    }

    /** The absolute URI of a path on the server, such as {@code /health/live}. */
    public URI uri(String path) {
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    /** {@code GET path}. */
    public HttpReply get(String path) {
        return get(path, Map.of());
    }

    /** {@code GET path} with headers. */
    public HttpReply get(String path, Map<String, String> headers) {
        return send(builder(path, headers).GET().build());
    }

    /** {@code POST path} with a body of a content type (no Content-Type header when {@code contentType} is null). */
    public HttpReply post(String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder b = builder(path, headers).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** {@code POST path} with a value written as JSON ({@code application/json}). */
    public HttpReply postJson(String path, Object body, Map<String, String> headers) {
        return post(path, "application/json", Json.write(body), headers);
    }

    /** {@code POST /api/publish {"channel","data"}} with the server's API key. */
    public HttpReply publish(String channel, Object data) {
        if (apiKey == null) {
            throw new IllegalStateException("the server has no API key: set api-key or run in dev mode");
        }
        return postJson("/api/publish", Map.of("channel", channel, "data", data == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : data),
                Map.of("X-Api-Key", apiKey));
    }

    /** Sends any request and reads the body as text. */
    public HttpReply send(HttpRequest request) {
        try {
            HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpReply(r.statusCode(), r.headers(), r.body() == null ? "" : r.body());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during " + request.method() + " " + request.uri(), e);
        }
    }

    private HttpRequest.Builder builder(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
        headers.forEach(b::header);
        return b;
    }
}
