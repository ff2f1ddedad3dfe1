package io.switchboard.client.e2e.realtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An app's backend as the node's hooks reach it (docs/PROTOCOL.md, "Backend hooks"): a real HTTP server on a free
 * loopback port that answers each POST with the test's JSON for that path and body. A trimmed copy of the hook tests'
 * TestBackend (module tests), which client-java cannot depend on.
 */
final class HookBackend implements AutoCloseable {
    /** The answer's JSON text for a call to {@code path} with the hook request {@code body}. */
    @FunctionalInterface
    interface Answer {
        String answer(String path, JsonNode body);
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    final List<JsonNode> calls = new CopyOnWriteArrayList<>();

    private HookBackend(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode body = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                calls.add(body);
                byte[] bytes = answer.answer(exchange.getRequestURI().getPath(), body).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // the node gave up on the call: nothing to answer
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    static HookBackend start(Answer answer) {
        try {
            return new HookBackend(answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port><path>}, for the node's {@code hook-*-url} settings. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
