package io.switchboard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Tokens from a development-mode server's {@code GET /api/dev/token?user=}, fetched 50 at a time. */
final class DevTokens {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AT_ONCE = 50;

    private DevTokens() {
    }

    /** A token for each user id; throws when the server is not in development mode or a batch times out. */
    static Map<String, String> fetch(HttpClient http, List<String> users, long timeoutMillis) throws Exception {
        Map<String, String> out = new ConcurrentHashMap<>();
        for (int from = 0; from < users.size(); from += AT_ONCE) {
            List<Future<String>> batch = new ArrayList<>();
            for (String user : users.subList(from, Math.min(users.size(), from + AT_ONCE))) {
                String uri = "/api/dev/token?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
                batch.add(http.request(HttpMethod.GET, uri).compose(r -> r.send().compose(x -> x.body().map(b -> {
                    if (x.statusCode() != 200) {
                        throw new IllegalStateException("the dev token endpoint answered " + x.statusCode()
                                + " (run the server in development mode)");
                    }
                    try {
                        String token = JSON.readTree(b.getBytes()).path("token").asText();
                        out.put(user, token);
                        return token;
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }))));
            }
            Future.all(batch).await(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        return out;
    }
}
