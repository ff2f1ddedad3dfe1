package io.switchboard.tests.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP backend for hook tests, on a free loopback port: every POST is recorded and answered by the test's
 * {@link Answer} (which may take its time, on one of the backend's own threads).
 */
final class TestBackend implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One hook call as the backend received it. */
    record Call(String path, JsonNode body, Headers headers) {
    }

    /** What the backend answers: an HTTP status and a body, as sent. */
    record Response(int status, String body) {
        static Response json(String body) {
            return new Response(200, body);
        }
    }

    @FunctionalInterface
    interface Answer {
        Response answer(Call call) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();

    private TestBackend(Answer answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", exchange -> {
            try (exchange) {
                Call call = new Call(exchange.getRequestURI().getPath(),
                        JSON.readTree(exchange.getRequestBody().readAllBytes()), exchange.getRequestHeaders());
                calls.add(call);
                Response r;
                try {
                    r = answer.answer(call);
                } catch (Exception e) {
                    r = new Response(500, "boom");
                }
                byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(r.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            } catch (IOException e) {
                // The node gave up on the call (its timeout): nothing to answer.
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    static TestBackend start(Answer answer) {
        try {
            return new TestBackend(answer);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port><path>}. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next call the backend received; fails when none comes within 10 s. */
    Call awaitCall() {
        try {
            Call call = calls.poll(10, TimeUnit.SECONDS);
            if (call == null) {
                throw new AssertionError("the backend received no call");
            }
            return call;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The calls received and not yet taken by {@link #awaitCall()}. */
    java.util.List<Call> received() {
        return java.util.List.copyOf(calls);
    }

    /** Forgets the calls received so far. */
    void clearCalls() {
        calls.clear();
    }

    /** An http URL on a loopback port where nothing listens: a call there is refused at connect time. */
    static String nothingListens(String path) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort() + path;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses JSON text, for answers the tests build. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
