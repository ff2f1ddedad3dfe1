package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.HttpReply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A client of the stream transports as a browser's EventSource or fetch reads them, written on the JDK's own HTTP
 * client (nobody here wrote it): opens {@code GET /connection/sse} or {@code POST /connection/stream}, reads the
 * response line by line on a thread of its own, and posts commands to any node's {@code /connection/command}.
 */
public final class StreamClient implements AutoCloseable {
    /** One frame read from the stream, with its SSE event name ({@code message} when none). */
    public record Frame(String event, JsonNode json) {
        public String type() {
            return json.path("type").asText();
        }
    }

    /** The stream ended: the server ended the response, or the connection broke. */
    private static final Frame END = new Frame("end", Json.object());

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public final HttpResponse<Stream<String>> response;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> heartbeats = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final String token;
    private String sessionId;

    private StreamClient(HttpResponse<Stream<String>> response, boolean sse, String token) {
        this.response = response;
        this.token = token;
        this.reader = new Thread(() -> read(response.body(), sse), "stream-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** {@code GET /connection/sse?token=...} on {@code base} (token null: none sent). */
    public static StreamClient sse(URI base, String token) throws Exception {
        return sse(base, token, java.util.Map.of());
    }

    /** {@code GET /connection/sse?token=...} with more request {@code headers} (a cookie, say). */
    public static StreamClient sse(URI base, String token, java.util.Map<String, String> headers) throws Exception {
        String query = token == null ? "" : "?token=" + token;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/connection/sse" + query))
                .header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        return new StreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()), true, token);
    }

    /** {@code POST /connection/stream} with {@code Authorization: Bearer} and body {@code {}}. */
    public static StreamClient ndjson(URI base, String token) throws Exception {
        return ndjson(base, token, java.util.Map.of());
    }

    /** {@code POST /connection/stream}, with {@code Authorization: Bearer} unless {@code token} is null, and more {@code headers}. */
    public static StreamClient ndjson(URI base, String token, java.util.Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/connection/stream"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return new StreamClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofLines()), false, token);
    }

    private void read(Stream<String> lines, boolean sse) {
        try {
            Iterator<String> it = lines.iterator();
            String event = null;
            StringBuilder data = null;
            while (it.hasNext()) {
                String line = it.next();
                if (!sse) {
                    if (line.isEmpty()) {
                        heartbeats.add("");
                    } else {
                        frames.add(new Frame("message", Json.parse(line)));
                    }
                    continue;
                }
                if (line.startsWith(":")) {
                    heartbeats.add(line);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(6));
                } else if (line.isEmpty() && data != null) {
                    frames.add(new Frame(event == null ? "message" : event, Json.parse(data.toString())));
                    event = null;
                    data = null;
                }
            }
        } catch (RuntimeException e) {
            // The connection broke, or close() cancelled the body: the stream ended.
        } finally {
            frames.add(END);
        }
    }

    /** The next frame, waiting at most 10 s; fails when none came or the stream ended. */
    public Frame next() throws InterruptedException {
        Frame f = frames.poll(10, TimeUnit.SECONDS);
        assertThat(f).as("a frame within 10 s").isNotNull();
        assertThat(f).as("the stream is still open").isNotSameAs(END);
        return f;
    }

    /** The next frame that {@code wanted} accepts, skipping others. */
    public Frame next(Predicate<Frame> wanted) throws InterruptedException {
        while (true) {
            Frame f = next();
            if (wanted.test(f)) {
                return f;
            }
        }
    }

    /** The first frame: {@code connection_established}; remembers the session id. */
    public Frame established() throws InterruptedException {
        Frame hello = next();
        assertThat(hello.type()).isEqualTo("connection_established");
        sessionId = hello.json().at("/data/session_id").asText();
        assertThat(sessionId).isNotEmpty();
        return hello;
    }

    public String sessionId() {
        return sessionId;
    }

    /** Waits until the stream ended (the response's end), failing after 10 s. */
    public void awaitEnd() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Frame f = frames.poll(100, TimeUnit.MILLISECONDS);
            if (f == END) {
                return;
            }
        }
        throw new AssertionError("the stream did not end within 10 s");
    }

    /** Waits for a heartbeat line (an SSE comment, an empty line). */
    public String heartbeat(Duration within) throws InterruptedException {
        String h = heartbeats.poll(within.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(h).as("a heartbeat within %s", within).isNotNull();
        return h;
    }

    /** Posts {@code body} as a command for this stream's session to {@code node}, with this stream's token. */
    public HttpReply command(URI node, String body) throws Exception {
        return command(node, sessionId, token, body);
    }

    /** Posts {@code body} to {@code node}'s {@code /connection/command?session=...} with {@code token} (null: none). */
    public static HttpReply command(URI node, String session, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve("/connection/command"
                        + (session == null ? "" : "?session=" + session)))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new HttpReply(r.statusCode(), r.headers(), r.body());
    }

    /** Ends the request from the client's side, as a browser closing the page would. */
    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
