package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.buffer.BufferedMessage;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.util.List;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * One {@code POST /api/ingest/} of a batch: the body is the buffered envelopes as a JSON array, unchanged; the
 * answer ({@code {"results":[…]}}, one ack or error frame per message) is read on OkHttp's thread and handed to the
 * client's.
 */
final class FallbackCall implements Callback {
    static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

    final List<BufferedMessage> batch;
    final long sentAtNanos;
    private final ClientEngine engine;
    private final FallbackSender sender;
    Call call;

    FallbackCall(ClientEngine engine, FallbackSender sender, List<BufferedMessage> batch, long sentAtNanos) {
        this.engine = engine;
        this.sender = sender;
        this.batch = batch;
        this.sentAtNanos = sentAtNanos;
    }

    static String body(List<BufferedMessage> batch) {
        int size = 2;
        for (BufferedMessage m : batch) {
            size += m.envelope().length() + 1;
        }
        StringBuilder sb = new StringBuilder(size).append('[');
        for (int i = 0; i < batch.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(batch.get(i).envelope());
        }
        return sb.append(']').toString();
    }

    static Request.Builder request(String body) {
        return new Request.Builder().post(RequestBody.create(body, JSON));
    }

    @Override
    public void onFailure(Call call, IOException e) {
        engine.post(() -> sender.onDone(this, -1, null, String.valueOf(e)));
    }

    @Override
    public void onResponse(Call call, Response response) {
        int status = response.code();
        JsonNode json = null;
        String problem = null;
        try (ResponseBody body = response.body()) {
            String text = body == null ? "" : body.string();
            try {
                json = text.isEmpty() ? null : Json.mapper().readTree(text);
            } catch (IOException e) {
                problem = "the answer is not JSON (HTTP " + status + ")";
            }
        } catch (IOException e) {
            engine.post(() -> sender.onDone(this, -1, null, String.valueOf(e)));
            return;
        }
        JsonNode answer = json;
        String reason = problem;
        engine.post(() -> sender.onDone(this, status, answer, reason));
    }
}
