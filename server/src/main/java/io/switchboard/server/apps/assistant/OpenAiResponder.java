package io.switchboard.server.apps.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Replies from an OpenAI-compatible chat-completions API ({@code POST <url>/chat/completions} with
 * {@code "stream": true}): each {@code data:} line of the server-sent events carries a token in
 * {@code choices[0].delta.content}, until {@code data: [DONE]}. Bounded: a reply stops at
 * {@link #MAX_REPLY_CHARS}, a silent connection fails after {@link #IDLE_SECONDS}, any reply after
 * {@link #TOTAL_SECONDS}.
 */
final class OpenAiResponder implements Responder {
    static final int MAX_REPLY_CHARS = 64 * 1024;
    static final int IDLE_SECONDS = 60;
    static final int TOTAL_SECONDS = 180;
    private static final int MAX_LINE_CHARS = 256 * 1024;
    private static final String SYSTEM = "You are a helpful assistant. Answer briefly.";

    private final Vertx vertx;
    private final HttpClient http;
    private final String url;
    private final String key;
    private final String model;

    OpenAiResponder(Vertx vertx, String baseUrl, String key, String model) {
        this.vertx = vertx;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000).setIdleTimeout(IDLE_SECONDS)
                .setIdleTimeoutUnit(TimeUnit.SECONDS));
        this.url = baseUrl + "/chat/completions";
        this.key = key;
        this.model = model;
    }

    @Override
    public String name() {
        return "openai-compatible " + url;
    }

    @Override
    public Future<String> respond(List<Turn> turns, int attempt, Consumer<String> onToken) {
        ObjectNode body = Json.object().put("model", model).put("stream", true);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", SYSTEM);
        for (Turn t : turns) {
            messages.addObject().put("role", t.role()).put("content", t.content());
        }
        if (attempt > 1) {
            body.put("temperature", 1.0);
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(url)
                .putHeader("Content-Type", "application/json").putHeader("Accept", "text/event-stream")
                .setIdleTimeout(IDLE_SECONDS * 1000L);
        if (key != null) {
            request.putHeader("Authorization", "Bearer " + key);
        }
        Promise<String> done = Promise.promise();
        long deadline = vertx.setTimer(TOTAL_SECONDS * 1000L,
                t -> done.tryFail(new IllegalStateException("no complete reply within " + TOTAL_SECONDS + " s")));
        http.request(request)
                .compose(req -> req.send(Buffer.buffer(Json.bytes(body))))
                .onSuccess(response -> read(response, onToken, done))
                .onFailure(e -> done.tryFail(new IllegalStateException("the model API cannot be reached: " + e.getMessage(), e)));
        return done.future().andThen(ar -> vertx.cancelTimer(deadline));
    }

    private static void read(HttpClientResponse response, Consumer<String> onToken, Promise<String> done) {
        if (response.statusCode() != 200) {
            response.body().onComplete(ar -> {
                String text = ar.succeeded() ? ar.result().toString(StandardCharsets.UTF_8) : "";
                done.tryFail(new IllegalStateException("the model API answered " + response.statusCode()
                        + (text.isBlank() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text))));
            });
            return;
        }
        // Lines are cut at the newline byte, never inside a UTF-8 sequence, whatever the network's chunks.
        Buffer[] pending = {Buffer.buffer()};
        StringBuilder reply = new StringBuilder();
        response.handler(chunk -> {
            if (done.future().isComplete()) {
                return;
            }
            pending[0].appendBuffer(chunk);
            int nl;
            while ((nl = newline(pending[0])) >= 0) {
                String line = pending[0].getString(0, nl, "UTF-8").strip();
                pending[0] = pending[0].getBuffer(nl + 1, pending[0].length());
                if (!line.startsWith("data:")) {
                    continue; // comments, event names, blank separators
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    done.tryComplete(reply.toString());
                    return;
                }
                String token = token(data);
                if (token != null && !token.isEmpty()) {
                    int room = MAX_REPLY_CHARS - reply.length();
                    String piece = token.length() > room ? token.substring(0, room) : token;
                    reply.append(piece);
                    onToken.accept(piece);
                    if (reply.length() >= MAX_REPLY_CHARS) {
                        done.tryComplete(reply.toString());
                        response.request().reset();
                        return;
                    }
                }
            }
            if (pending[0].length() > MAX_LINE_CHARS) {
                done.tryFail(new IllegalStateException("the model API sent a line longer than " + MAX_LINE_CHARS + " characters"));
            }
        });
        response.exceptionHandler(e -> done.tryFail(new IllegalStateException("the model API stream failed: " + e.getMessage(), e)));
        response.endHandler(v -> done.tryComplete(reply.toString()));
    }

    private static int newline(Buffer b) {
        for (int i = 0; i < b.length(); i++) {
            if (b.getByte(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String token(String data) {
        try {
            JsonNode event = Json.parse(data);
            JsonNode content = event.at("/choices/0/delta/content");
            return content.isTextual() ? content.textValue() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
