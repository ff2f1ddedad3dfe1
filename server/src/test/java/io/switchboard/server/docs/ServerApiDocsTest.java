package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server API is documented: docs/openapi.yaml has one operation per method under the {@code serverapi} tag,
 * each result has the fields its schema requires, each refusal a documented status, and docs/PROTOCOL.md has the
 * section with every method.
 */
@Timeout(60)
class ServerApiDocsTest extends AppDocsTest {
    private static final String KEY = "server-api-docs-key-0123456789";
    /** Each method with parameters it accepts, and the schema of its result. */
    private static final Map<String, String[]> CALLS = new LinkedHashMap<>();

    static {
        CALLS.put("broadcast", new String[] {"{\"channels\":[\"public:a\",\"public:b\"],\"data\":1}", "BroadcastResult"});
        CALLS.put("presence", new String[] {"{\"channel\":\"public:a\"}", "PresenceResult"});
        CALLS.put("presence_stats", new String[] {"{\"channel\":\"public:a\"}", "PresenceStatsResult"});
        CALLS.put("history", new String[] {"{\"channel\":\"public:a\",\"limit\":5}", "HistoryResult"});
        CALLS.put("history_remove", new String[] {"{\"channel\":\"public:a\"}", null});
        CALLS.put("channels", new String[] {"{\"pattern\":\"public:*\"}", "ChannelsResult"});
        CALLS.put("info", new String[] {"{}", "InfoResult"});
        CALLS.put("user_connections", new String[] {"{\"user\":\"alice\"}", "UserConnectionsResult"});
        CALLS.put("unsubscribe", new String[] {"{\"user\":\"alice\",\"channel\":\"public:a\"}", "SessionsResult"});
        CALLS.put("disconnect", new String[] {"{\"user\":\"alice\"}", "SessionsResult"});
        CALLS.put("batch", new String[] {"{\"commands\":[{\"method\":\"info\"},{\"method\":\"nope\"}]}", "BatchResult"});
    }

    @BeforeAll
    static void start() throws IOException {
        open("serverapi", Map.of("api-key", KEY, "channel-history", "public=10/1m"));
    }

    @Test
    void openapi_has_exactly_one_serverapi_operation_per_method_with_its_statuses() {
        Set<String> tagged = new TreeSet<>();
        openapi.path("paths").fields().forEachRemaining(e -> {
            JsonNode post = e.getValue().path("post");
            if (post.path("tags").toString().contains("\"serverapi\"")) {
                tagged.add(e.getKey());
            }
        });
        Set<String> expected = new TreeSet<>();
        CALLS.keySet().forEach(m -> expected.add("/api/" + m));
        assertThat(tagged).isEqualTo(expected);
        for (String method : CALLS.keySet()) {
            assertStatuses("/api/" + method, "post", "200", "400", "401", "413", "415", "500", "503");
        }
        assertStatuses("/api/history", "post", "412");
    }

    @Test
    void each_method_answers_200_with_the_fields_its_result_schema_requires_and_refusals_are_documented() throws Exception {
        for (Map.Entry<String, String[]> e : CALLS.entrySet()) {
            String path = "/api/" + e.getKey();
            HttpResponse<String> ok = call(null, "POST", path, e.getValue()[0], Map.of("X-Api-Key", KEY));
            assertDocumented("post", path, ok, 200);
            JsonNode result = Json.parse(ok.body()).path("result");
            if (e.getValue()[1] != null) {
                assertHasRequired(result, e.getValue()[1]);
            }
            assertDocumented("post", path, call(null, "POST", path, "{}", Map.of()), 401);
            assertDocumented("post", path, call(null, "POST", path, "{\"nope\":1}", Map.of("X-Api-Key", KEY)), 400);
            assertDocumented("post", path, call(null, "POST", path, "{}", Map.of("X-Api-Key", KEY, "Content-Type", "text/plain")), 415);
        }
        HttpResponse<String> lost = call(null, "POST", "/api/history",
                "{\"channel\":\"public:a\",\"since\":{\"epoch\":\"gone\",\"offset\":1}}", Map.of("X-Api-Key", KEY));
        assertDocumented("post", "/api/history", lost, 412);
        StringBuilder many = new StringBuilder("{\"commands\":[");
        for (int i = 0; i < 101; i++) {
            many.append(i == 0 ? "" : ",").append("{\"method\":\"info\"}");
        }
        assertDocumented("post", "/api/batch", call(null, "POST", "/api/batch", many + "]}", Map.of("X-Api-Key", KEY)), 413);
    }

    @Test
    void the_protocol_describes_every_method_and_the_unsubscribed_push() {
        assertThat(protocol).contains("### Server API").contains("### unsubscribed").contains("unsubscribed_by_server");
        for (String method : CALLS.keySet()) {
            assertThat(protocol).contains("| `" + method + "` |");
        }
        assertThat(protocol).contains("| `publish` |");
    }
}
