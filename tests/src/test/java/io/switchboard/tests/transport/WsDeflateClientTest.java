package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.JsonLines;
import io.switchboard.tests.support.Npm;
import io.switchboard.testtags.NeedsNode;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The npm {@code ws} client, which implements permessage-deflate itself, subscribes to a document channel and reads
 * the publications as an application would: with {@code websocket-compression=on} it agrees to the extension and
 * reads every document whole while the network carries a fraction of the bytes; with it off it agrees to nothing and
 * reads the same documents at full size.
 */
@NeedsNode
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WsDeflateClientTest {
    /** The npm package with {@code ws} and the script, relative to the tests module. */
    private static final Path DIR = Path.of("wsclient").toAbsolutePath();
    private static final String CHANNEL = "public:doc";
    private static final int COUNT = 20;

    @Test
    void with_compression_on_ws_agrees_to_deflate_and_reads_every_document_from_a_fraction_of_the_bytes() throws Exception {
        try (TestServer server = TestServer.start(Map.of("websocket-compression", "on"))) {
            Run run = subscribeAndPublish(server, true);

            assertThat(run.extensions).isEqualTo("permessage-deflate");
            assertThat(run.header).contains("server_no_context_takeover");
            assertDocuments(run);
            // The documents repeat their keys: compressed, they take well under half the bytes.
            assertThat(run.wireBytes).isLessThan(plainBytes() / 2);
        }
    }

    @Test
    void with_compression_off_ws_agrees_to_nothing_and_reads_every_document_at_full_size() throws Exception {
        try (TestServer server = TestServer.start(Map.of())) {
            Run run = subscribeAndPublish(server, true);

            assertThat(run.extensions).isEmpty();
            assertThat(run.header).isEmpty();
            assertDocuments(run);
            assertThat(run.wireBytes).isGreaterThanOrEqualTo(plainBytes());
        }
    }

    private static void assertDocuments(Run run) {
        assertThat(run.documents).hasSize(COUNT);
        for (int i = 0; i < COUNT; i++) {
            assertThat(run.documents.get(i)).isEqualTo(Json.mapper().valueToTree(OutboundCompressionTest.document(i + 1)));
        }
    }

    /** The documents' JSON alone, without the envelope around each: what a plain socket carries at least. */
    private static long plainBytes() {
        long total = 0;
        for (int i = 1; i <= COUNT; i++) {
            total += Json.write(OutboundCompressionTest.document(i)).getBytes(StandardCharsets.UTF_8).length;
        }
        return total;
    }

    private record Run(String extensions, String header, List<JsonNode> documents, long wireBytes) {
    }

    private static Run subscribeAndPublish(TestServer server, boolean offerDeflate) throws Exception {
        install();
        String url = "ws://127.0.0.1:" + server.port() + "/ws?token=" + URLEncoder.encode(server.token("alice"), StandardCharsets.UTF_8);
        Process node = new ProcessBuilder("node", "subscribe.mjs", url, CHANNEL, Integer.toString(COUNT), Boolean.toString(offerDeflate))
                .directory(DIR.toFile()).redirectErrorStream(true).start();
        List<JsonNode> events = new ArrayList<>();
        JsonLines.follow(node, events, "ws-client");
        try {
            await("ws subscribed").atMost(Duration.ofSeconds(30)).until(() -> find(events, "subscribed") != null);
            for (int i = 1; i <= COUNT; i++) {
                assertThat(server.http().publish(CHANNEL, OutboundCompressionTest.document(i)).status()).isEqualTo(202);
            }
            await("every document read").atMost(Duration.ofSeconds(30)).until(() -> find(events, "done") != null);
            synchronized (events) {
                List<JsonNode> documents = events.stream().filter(e -> "message".equals(e.path("ev").asText()))
                        .map(e -> e.get("data")).toList();
                JsonNode open = find(events, "open");
                return new Run(open.path("extensions").asText(), open.path("header").asText(), documents,
                        find(events, "done").path("wireBytes").asLong());
            }
        } finally {
            node.destroy();
            node.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static JsonNode find(List<JsonNode> events, String ev) {
        synchronized (events) {
            return events.stream().filter(e -> ev.equals(e.path("ev").asText())).findFirst().orElse(null);
        }
    }

    private static synchronized void install() throws IOException, InterruptedException {
        if (!Files.isDirectory(DIR.resolve("node_modules").resolve("ws"))) {
            Npm.ci(DIR, "--no-fund");
        }
    }
}
