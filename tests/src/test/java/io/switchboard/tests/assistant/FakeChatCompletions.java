package io.switchboard.tests.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A small OpenAI-compatible chat-completions server on loopback for the tests: {@code POST /v1/chat/completions}
 * with {@code "stream": true} answers server-sent events, one token per event, then {@code data: [DONE]}. It
 * records each request; a last message containing "fail" gets a 500 instead.
 */
final class FakeChatCompletions implements AutoCloseable {
    /** One request as received. */
    record Request(String authorization, JsonNode body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<String> tokens;

    FakeChatCompletions(List<String> tokens) throws IOException {
        this.tokens = tokens;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    List<Request> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(new Request(exchange.getRequestHeaders().getFirst("Authorization"), body));
        JsonNode messages = body.path("messages");
        String last = messages.get(messages.size() - 1).path("content").asText();
        if (last.contains("fail")) {
            byte[] error = "{\"error\":{\"message\":\"model overloaded\"}}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, error.length);
            exchange.getResponseBody().write(error);
            exchange.close();
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            write(out, ": keep-alive comment\n\n");
            write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
            for (String token : tokens) {
                var delta = Json.object();
                delta.putArray("choices").addObject().put("index", 0).putObject("delta").put("content", token);
                // A token split over two writes, as a network may deliver it.
                String event = "data: " + Json.write(delta) + "\n\n";
                int half = event.length() / 2;
                write(out, event.substring(0, half));
                write(out, event.substring(half));
                sleep(10);
            }
            write(out, "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
            write(out, "data: [DONE]\n\n");
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
