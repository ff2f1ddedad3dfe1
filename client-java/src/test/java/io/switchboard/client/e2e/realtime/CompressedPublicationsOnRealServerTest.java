package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * OkHttp, under the Java client, offers permessage-deflate on its own: against a node with
 * {@code websocket-compression=on} it agrees, and the client reads every large publication (sent compressed, RSV1)
 * and every small one (sent plain) as the documents they are.
 */
@Timeout(60)
class CompressedPublicationsOnRealServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void every_document_arrives_whole_through_okhttp_with_compression_on() {
        try (TestServer server = TestServer.start(Map.of("websocket-compression", "on"))) {
            Seen seen = new Seen();
            try (SwitchboardChannels client = SwitchboardChannels.builder("http://127.0.0.1:" + server.port())
                    .tokenSupplier(() -> server.token("alice")).listener(seen).build()) {
                client.connect();
                client.subscribe("public:doc", seen).join();
                for (int version = 1; version <= 10; version++) {
                    server.http().publish("public:doc", version % 2 == 0 ? document(version) : Map.of("version", version));
                }

                await().atMost(Duration.ofSeconds(20)).until(() -> seen.publications.size() == 10);
                for (int version = 1; version <= 10; version++) {
                    Object expected = version % 2 == 0 ? document(version) : Map.of("version", version);
                    assertThat(seen.publications.get(version - 1).data()).isEqualTo(JSON.valueToTree(expected));
                }
            }
        }
    }

    /** About 2 KB of JSON whose keys repeat, with one field changing. */
    private static Map<String, Object> document(int version) {
        Map<String, Object> items = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            items.put("item-" + i, Map.of("title", "Item number " + i, "done", i % 3 == 0, "owner", "user-" + (i % 7)));
        }
        return Map.of("version", version, "items", items);
    }
}
