package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.CloseCode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.MessageTypes;
import io.switchboard.server.Switchboard;
import io.switchboard.server.Settings;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.gateway.ChannelHandlers;
import io.switchboard.server.gateway.GatewayLimits;
import io.switchboard.server.http.RestLimits;
import io.switchboard.server.transport.ServerSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/PROTOCOL.md, docs/asyncapi.yaml and docs/openapi.yaml tell the truth: they describe every message type,
 * error code, close code and engine route the code has, and a real node answers their examples as they say.
 */
@Timeout(60)
class ProtocolDocsTest {
    @TempDir
    static Path dataDir;

    static Switchboard node;
    static JsonNode asyncapi;
    static JsonNode openapi;
    static String protocol;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        asyncapi = Docs.yaml("asyncapi.yaml");
        openapi = Docs.yaml("openapi.yaml");
        protocol = Docs.text("PROTOCOL.md");
        node = Switchboard.create(SettingValues.of(Map.of("port", "0", "host", "127.0.0.1", "data-dir", dataDir.toString())))
                .start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.shutdown();
        }
    }

    @Test
    void the_documents_declare_the_spec_versions_they_are_written_in() {
        assertThat(asyncapi.path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(openapi.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(asyncapi.at("/channels/ws/address").asText()).isEqualTo("/ws");
    }

    @Test
    void every_message_type_the_gateway_handles_is_described_as_something_the_server_receives() {
        Set<String> handled = node.gateway().handledTypes();
        assertThat(handled).isNotEmpty();
        assertThat(describedMessages()).containsAll(handled);
        assertThat(operationMessages("receive")).containsAll(handled);
    }

    @Test
    void every_server_to_client_type_in_message_types_is_described_as_something_the_server_sends() {
        Set<String> serverToClient = new TreeSet<>(messageTypeConstants());
        serverToClient.removeAll(node.gateway().handledTypes());
        assertThat(serverToClient).contains(MessageTypes.ACK, MessageTypes.ERROR, MessageTypes.MESSAGE);
        Set<String> sent = new TreeSet<>(operationMessages("send"));
        sent.addAll(replyMessages());
        assertThat(describedMessages()).containsAll(serverToClient);
        assertThat(sent).containsAll(serverToClient);
    }

    @Test
    void each_described_message_is_named_by_the_const_of_its_type_field() {
        asyncapi.at("/components/messages").fields().forEachRemaining(entry -> {
            JsonNode message = Docs.resolve(asyncapi, entry.getValue());
            JsonNode payload = Docs.resolve(asyncapi, message.path("payload"));
            assertThat(message.path("name").asText()).as("name of message %s", entry.getKey()).isEqualTo(entry.getKey());
            assertThat(payload.at("/properties/type/const").asText()).as("type const of %s", entry.getKey())
                    .isEqualTo(entry.getKey());
        });
    }

    @Test
    void every_error_code_has_a_row_with_its_http_status_in_the_protocol_error_table() {
        for (ErrorCode code : ErrorCode.values()) {
            Pattern row = Pattern.compile("^\\|\\s*`" + code.wire() + "`\\s*\\|\\s*" + code.httpStatus() + "\\s*\\|\\s*"
                    + code.temporary() + "\\s*\\|", Pattern.MULTILINE);
            assertThat(row.matcher(protocol).find()).as("PROTOCOL.md row for %s (%d, temporary %s)", code.wire(),
                    code.httpStatus(), code.temporary()).isTrue();
        }
    }

    @Test
    void every_close_code_has_a_row_with_its_reason_in_the_protocol_close_table() {
        for (CloseCode code : CloseCode.values()) {
            Pattern row = Pattern.compile("^\\|\\s*" + code.code() + "\\s*\\|\\s*`" + Pattern.quote(code.reason()) + "`\\s*\\|",
                    Pattern.MULTILINE);
            assertThat(row.matcher(protocol).find()).as("PROTOCOL.md row for close code %d", code.code()).isTrue();
        }
    }

    @Test
    void asyncapi_lists_every_close_code_with_the_advice_of_its_range() {
        Map<Integer, JsonNode> documented = new TreeMap<>();
        asyncapi.at("/channels/ws/x-close-codes/codes").forEach(c -> documented.put(c.path("code").asInt(), c));
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(CloseCode.values()).map(CloseCode::code).toList());
        for (CloseCode code : CloseCode.values()) {
            JsonNode doc = documented.get(code.code());
            assertThat(doc.path("reason").asText()).isEqualTo(code.reason());
            String advice = CloseCode.reconnectAtOnce(code.code()) ? "immediately"
                    : code.shouldReconnect() ? "backoff" : "never";
            assertThat(doc.path("reconnect").asText()).as("advice for %d", code.code()).isEqualTo(advice);
        }
    }

    @Test
    void the_error_schemas_list_exactly_the_error_codes() {
        Set<String> wires = Arrays.stream(ErrorCode.values()).map(ErrorCode::wire).collect(Collectors.toSet());
        assertThat(texts(asyncapi.at("/components/schemas/ErrorBody/properties/code/enum")))
                .containsExactlyInAnyOrderElementsOf(wires);
        assertThat(texts(openapi.at("/components/schemas/Error/properties/error/properties/code/enum")))
                .containsExactlyInAnyOrderElementsOf(wires);
    }

    @Test
    void the_protocol_states_the_default_limits_the_code_has() {
        Settings settings = Settings.from(Map.of());
        GatewayLimits defaults = settings.gateway();
        ServerSettings server = settings.server();
        RestLimits rest = settings.rest();
        assertThat(protocol)
                .contains("`max-frame-bytes` (" + defaults.maxFrameBytes())
                .contains("`rate-limit-per-second` (" + defaults.rateLimitPerSecond() + ")")
                .contains("`rate-limit-burst` (" + defaults.rateLimitBurst() + ")")
                .contains("`outbound-queue-frames` (" + defaults.outboundQueueFrames() + ")")
                .contains("`outbound-connection-bytes` (" + (defaults.outboundConnectionBytes() >> 20) + " MiB)")
                .contains("`max-connections` (" + defaults.maxConnections() + ")")
                .contains("`max-connections-per-user` (" + defaults.maxConnectionsPerUser() + ",")
                .contains("`ping-interval` (" + defaults.pingInterval().toSeconds() + "s)")
                .contains("`idle-timeout` (" + defaults.idleTimeout().toSeconds() + "s)")
                .contains("at most **" + ChannelHandlers.MAX_SUBSCRIPTIONS + "** subscriptions")
                .contains("`connect-rate-per-ip` (" + server.connectRatePerIp() + ")")
                .contains("`connect-burst-per-ip` (" + server.connectBurstPerIp() + ")")
                .contains("`rest-write-rate` (" + rest.writeRate() + ")")
                .contains("`rest-write-burst` (" + rest.writeBurst() + ")");
    }

    @Test
    void the_asyncapi_examples_of_client_messages_get_the_replies_their_operations_document() throws Exception {
        String token = node.tokens().issue("alice", Duration.ofMinutes(5));
        try (TextSocket socket = TextSocket.open(wsUri(""), b -> b.subprotocols("switchboard", "bearer." + token))) {
            assertThat(socket.subprotocol()).isEqualTo("switchboard");
            JsonNode hello = socket.next();
            assertThat(hello.path("type").asText()).isEqualTo(MessageTypes.CONNECTION_ESTABLISHED);
            assertThat(hello.at("/data/user_id").asText()).isEqualTo("alice");
            Set<String> pushes = operationMessages("send");
            for (JsonNode op : operations("receive")) {
                Set<String> replies = names(Docs.resolvedList(asyncapi, op.at("/reply/messages")));
                for (JsonNode message : Docs.resolvedList(asyncapi, op.path("messages"))) {
                    for (JsonNode example : message.path("examples")) {
                        JsonNode sent = example.path("payload");
                        socket.send(sent);
                        JsonNode reply = socket.next();
                        while (!reply.has("id") && pushes.contains(reply.path("type").asText())) {
                            reply = socket.next();
                        }
                        assertThat(reply.path("id")).as("reply to %s", sent).isEqualTo(sent.path("id"));
                        assertThat(replies).as("reply %s to %s", reply, sent).contains(reply.path("type").asText());
                    }
                }
            }
        }
    }

    @Test
    void each_documented_place_for_the_token_opens_a_session() throws Exception {
        String token = node.tokens().issue("bob", Duration.ofMinutes(5));
        try (TextSocket query = TextSocket.open(wsUri("?token=" + token), b -> b);
             TextSocket header = TextSocket.open(wsUri(""), b -> b.header("Authorization", "Bearer " + token));
             TextSocket subprotocol = TextSocket.open(wsUri(""), b -> b.subprotocols("switchboard", "bearer." + token))) {
            for (TextSocket socket : new TextSocket[] {query, header, subprotocol}) {
                assertThat(socket.next().at("/data/user_id").asText()).isEqualTo("bob");
            }
        }
    }

    @Test
    void openapi_describes_the_engine_routes_and_each_answers_with_a_documented_status() throws Exception {
        assertThat(texts(openapi.path("paths").fieldNames()))
                .contains("/api/publish", "/health/live", "/health/ready", "/metrics", "/api/dev/token");
        assertDocumented("get", "/health/live", send(HttpRequest.newBuilder(httpUri("/health/live")).GET()), "application/json");
        assertDocumented("get", "/health/ready", send(HttpRequest.newBuilder(httpUri("/health/ready")).GET()), "application/json");
        assertDocumented("get", "/metrics", send(HttpRequest.newBuilder(httpUri("/metrics")).GET()), "text/plain");
        assertDocumented("get", "/api/dev/token", send(HttpRequest.newBuilder(httpUri("/api/dev/token?user=alice")).GET()),
                "application/json");
        String body = "{\"channel\":\"public:lobby\",\"data\":{\"text\":\"hello\"}}";
        HttpResponse<String> noKey = send(HttpRequest.newBuilder(httpUri("/api/publish"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertDocumented("post", "/api/publish", noKey, "application/json");
        assertThat(Json.parse(noKey.body()).at("/error/code").asText()).isEqualTo(ErrorCode.UNAUTHORIZED.wire());
        HttpResponse<String> published = send(HttpRequest.newBuilder(httpUri("/api/publish"))
                .header("Content-Type", "application/json").header("X-Api-Key", node.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(published.statusCode()).isEqualTo(202);
        assertDocumented("post", "/api/publish", published, "application/json");
        HttpResponse<String> textPlain = send(HttpRequest.newBuilder(httpUri("/api/publish"))
                .header("Content-Type", "text/plain").header("Authorization", "ApiKey " + node.apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertThat(textPlain.statusCode()).isEqualTo(415);
        assertDocumented("post", "/api/publish", textPlain, "application/json");
    }

    private void assertDocumented(String method, String path, HttpResponse<String> response, String mediaType) {
        JsonNode responses = openapi.path("paths").path(path).path(method).path("responses");
        String status = String.valueOf(response.statusCode());
        assertThat(responses.has(status)).as("%s %s answered %s, which openapi.yaml does not document", method, path, status)
                .isTrue();
        JsonNode documented = Docs.resolve(openapi, responses.get(status));
        assertThat(documented.path("content").has(mediaType)).as("%s %s %s as %s", method, path, status, mediaType).isTrue();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith(mediaType);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI httpUri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + node.port() + pathAndQuery);
    }

    private static URI wsUri(String query) {
        return URI.create("ws://127.0.0.1:" + node.port() + "/ws" + query);
    }

    private static Set<String> describedMessages() {
        return names(Docs.resolvedList(asyncapi, asyncapi.at("/channels/ws/messages")));
    }

    private static List<JsonNode> operations(String action) {
        List<JsonNode> out = new ArrayList<>();
        asyncapi.path("operations").forEach(op -> {
            if (op.path("action").asText().equals(action)) {
                out.add(op);
            }
        });
        return out;
    }

    private static Set<String> operationMessages(String action) {
        Set<String> out = new TreeSet<>();
        for (JsonNode op : operations(action)) {
            out.addAll(names(Docs.resolvedList(asyncapi, op.path("messages"))));
        }
        return out;
    }

    private static Set<String> replyMessages() {
        Set<String> out = new TreeSet<>();
        asyncapi.path("operations").forEach(op -> out.addAll(names(Docs.resolvedList(asyncapi, op.at("/reply/messages")))));
        return out;
    }

    private static Set<String> names(Iterable<JsonNode> messages) {
        Set<String> out = new TreeSet<>();
        messages.forEach(m -> out.add(m.path("name").asText()));
        return out;
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static Set<String> texts(Iterator<String> names) {
        Set<String> out = new TreeSet<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private static Set<String> messageTypeConstants() {
        Set<String> out = new TreeSet<>();
        for (Field f : MessageTypes.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    out.add((String) f.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return out;
    }
}
