package io.switchboard.tests.socketio;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Engine.IO long-polling by hand, with Java's HTTP client: what a broken or hostile client could send. */
final class EngineIoPolling {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    EngineIoPolling(int port) {
        this.base = "http://127.0.0.1:" + port + "/socket.io/";
    }

    /** Opens a polling session; returns the open packet's JSON ({@code sid}, {@code pingInterval}, …). */
    JsonNode open() throws IOException, InterruptedException {
        HttpResponse<String> r = get("?EIO=4&transport=polling");
        if (r.statusCode() != 200 || !r.body().startsWith("0")) {
            throw new AssertionError("handshake failed: " + r.statusCode() + " " + r.body());
        }
        return Json.parse(r.body().substring(1));
    }

    HttpResponse<String> get(String query) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + query)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String query, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base + query)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> poll(String sid) throws IOException, InterruptedException {
        return get("?EIO=4&transport=polling&sid=" + sid);
    }

    HttpResponse<String> send(String sid, String payload) throws IOException, InterruptedException {
        return post("?EIO=4&transport=polling&sid=" + sid, payload);
    }
}
