package io.switchboard.tests.accounts;

import io.switchboard.protocol.Json;
import io.switchboard.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JSON POSTs from a chosen loopback address (127.0.0.2, 127.0.0.3, …), so that a test can be several clients: the
 * JDK's HttpClient cannot pick its source address on Java 17.
 */
final class LoopbackHttp {
    private final TestServer server;
    private final String from;

    LoopbackHttp(TestServer server, String from) {
        this.server = server;
        this.from = from;
    }

    /** The status, the headers (lower-case names) and the body of a POST. */
    Answer post(String path, Object body) {
        return post(path, body, Map.of());
    }

    /** A POST with extra request headers (such as {@code X-Forwarded-For}). */
    Answer post(String path, Object body, Map<String, String> extraHeaders) {
        byte[] json = Json.write(body).getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.setSoTimeout(10_000);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + json.length + "\r\nConnection: close\r\n" + headerLines(extraHeaders) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String[] head = response.substring(0, split).split("\r\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < head.length; i++) {
                int colon = head[i].indexOf(':');
                headers.put(head[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).trim());
            }
            return new Answer(Integer.parseInt(head[0].split(" ")[1]), headers, response.substring(split + 4));
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " from " + from + " failed", e);
        }
    }

    private static String headerLines(Map<String, String> headers) {
        StringBuilder b = new StringBuilder();
        headers.forEach((name, value) -> b.append(name).append(": ").append(value).append("\r\n"));
        return b.toString();
    }

    Answer register(String username, String password) {
        return post("/api/auth/register", Map.of("username", username, "password", password));
    }

    Answer login(String username, String password) {
        return post("/api/auth/login", Map.of("username", username, "password", password));
    }

    /** One answer. */
    record Answer(int status, Map<String, String> headers, String body) {
        String errorCode() {
            return Json.parse(body).path("error").path("code").asText(null);
        }
    }
}
