package io.switchboard.server.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.Switchboard;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.SettingValues;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;

/**
 * Base of the tests that keep an app's documentation true: the three documents, a node with the app on a free
 * port (started by the subclass's {@code @BeforeAll} through {@link #open}), and assertions that the app's routes
 * are in docs/openapi.yaml and that real answers match it.
 */
abstract class AppDocsTest {
    static Switchboard node;
    static JsonNode asyncapi;
    static JsonNode openapi;
    static String protocol;
    private static String tag;
    private static Path dataDir;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Reads the documents and starts a node with the apps; {@code openApiTag} is the tag of the app's routes. */
    static void open(String openApiTag, Map<String, String> settings, SwitchboardApp... apps) throws IOException {
        tag = openApiTag;
        asyncapi = Docs.yaml("asyncapi.yaml");
        openapi = Docs.yaml("openapi.yaml");
        protocol = Docs.text("PROTOCOL.md");
        dataDir = Files.createTempDirectory("switchboard-docs");
        Map<String, String> all = new HashMap<>(Map.of("port", "0", "host", "127.0.0.1", "data-dir", dataDir.toString()));
        all.putAll(settings);
        Switchboard created = Switchboard.create(SettingValues.of(all));
        for (SwitchboardApp app : apps) {
            created.install(app);
        }
        node = created.start();
    }

    @AfterAll
    static void close() throws IOException {
        if (node != null) {
            node.shutdown();
            node = null;
        }
        if (dataDir != null) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The operation exists, carries the app's tag, and documents every status. */
    static void assertStatuses(String path, String method, String... statuses) {
        JsonNode operation = openapi.path("paths").path(path).path(method);
        assertThat(operation.isObject()).as("openapi.yaml documents %s %s", method.toUpperCase(), path).isTrue();
        assertThat(operation.path("tags").toString()).as("tag of %s %s", method, path).contains("\"" + tag + "\"");
        for (String status : statuses) {
            assertThat(operation.path("responses").has(status)).as("%s %s documents %s", method, path, status).isTrue();
        }
    }

    /** The body has every field the schema (and the parts of its allOf) requires. */
    static void assertHasRequired(JsonNode body, String schemaName) {
        JsonNode schema = openapi.at("/components/schemas/" + schemaName);
        Set<String> required = new TreeSet<>(texts(schema.path("required")));
        schema.path("allOf").forEach(part -> required.addAll(texts(Docs.resolve(openapi, part).path("required"))));
        assertThat(required).as("required fields of %s", schemaName).isNotEmpty();
        required.forEach(f -> assertThat(body.has(f)).as("%s in %s (%s)", f, body, schemaName).isTrue());
    }

    /** The answer has the expected status, documented as JSON; an error answer has the Error shape. */
    static void assertDocumented(String method, String path, HttpResponse<String> response, int expected) {
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(expected);
        JsonNode responses = openapi.path("paths").path(path).path(method).path("responses");
        String status = String.valueOf(expected);
        assertThat(responses.has(status)).as("%s %s answered %s, which openapi.yaml does not document", method, path, status)
                .isTrue();
        JsonNode documented = Docs.resolve(openapi, responses.get(status));
        assertThat(documented.path("content").has("application/json")).as("%s %s %s as JSON", method, path, status).isTrue();
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        if (expected >= 400) {
            assertHasRequired(Json.parse(response.body()), "Error");
        }
    }

    /** An HTTP call to the node, with a bearer token (may be null) and a JSON body (may be null). */
    HttpResponse<String> call(String token, String method, String pathAndQuery, String body, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static Set<String> texts(JsonNode array) {
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
