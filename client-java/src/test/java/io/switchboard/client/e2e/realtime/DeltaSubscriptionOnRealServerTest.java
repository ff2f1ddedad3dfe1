package io.switchboard.client.e2e.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.client.Backoff;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SubscriptionOptions;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.TcpProxy;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A subscription that asks for deltas, against a real node whose document channel sends them: the listener gets every
 * version of a 2 KB document whole, as a subscription without deltas does, and the server did send deltas.
 */
@Timeout(60)
class DeltaSubscriptionOnRealServerTest {
    TestServer server;

    @BeforeEach
    void start() {
        server = TestServer.start(Map.of("namespace.doc.delta", "fossil", "namespace.doc.history-size", "50"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private SwitchboardChannels client(String user, Seen seen) {
        return SwitchboardChannels.builder("http://127.0.0.1:" + server.port())
                .tokenSupplier(() -> server.token(user)).listener(seen).build();
    }

    @Test
    void every_version_of_a_document_arrives_whole_with_and_without_deltas() {
        Seen withDeltas = new Seen();
        Seen without = new Seen();
        try (SwitchboardChannels a = client("alice", withDeltas); SwitchboardChannels b = client("bob", without)) {
            a.connect();
            b.connect();
            Subscription sub = a.subscribe("doc:shared", SubscriptionOptions.none().withDelta(true), withDeltas).join();
            b.subscribe("doc:shared", without).join();
            assertThat(sub.isActive()).isTrue();

            for (int version = 1; version <= 12; version++) {
                b.publish("doc:shared", document(version)).join();
            }

            await().atMost(Duration.ofSeconds(10)).until(() -> withDeltas.publications.size() == 12
                    && without.publications.size() == 12);
            List<JsonNode> expected = new java.util.ArrayList<>();
            for (int version = 1; version <= 12; version++) {
                expected.add(document(version));
            }
            assertThat(withDeltas.publications.stream().map(p -> p.data()).collect(Collectors.toList())).isEqualTo(expected);
            assertThat(without.publications.stream().map(p -> p.data()).collect(Collectors.toList())).isEqualTo(expected);
            assertThat(withDeltas.publications.get(11).envelope().has("delta")).isFalse();
            assertThat(server.metric("switchboard_delta_publications_total")).as("deltas sent").isGreaterThanOrEqualTo(11);
        }
    }

    @Test
    void after_a_dropped_connection_the_recovered_and_live_documents_arrive_whole() {
        Seen seen = new Seen();
        try (TcpProxy proxy = TcpProxy.to(server.port());
             SwitchboardChannels alice = SwitchboardChannels.builder(proxy.url()).tokenSupplier(() -> server.token("alice"))
                     .listener(seen).backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(300), 2.0, 0.5))
                     .maxReconnectAttempts(1000).build()) {
            alice.connect();
            Subscription sub = alice.subscribe("doc:recovered", SubscriptionOptions.none().withDelta(true), seen).join();
            int version = 0;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 4; i++) {
                    server.http().publish("doc:recovered", document(++version));
                }
                int live = version;
                await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() == live);
                proxy.cut();
                await().atMost(Duration.ofSeconds(10)).until(() -> alice.state() == RealtimeState.RECONNECTING);
                for (int i = 0; i < 3; i++) {
                    server.http().publish("doc:recovered", document(++version)); // missed: only the history has them
                }
                proxy.restore();
                await().atMost(Duration.ofSeconds(10)).until(sub::isActive);
            }
            for (int i = 0; i < 4; i++) {
                server.http().publish("doc:recovered", document(++version));
            }
            int total = version;
            await().atMost(Duration.ofSeconds(10)).until(() -> seen.publications.size() >= total);

            List<JsonNode> expected = new java.util.ArrayList<>();
            for (int v = 1; v <= total; v++) {
                expected.add(document(v));
            }
            assertThat(seen.publications.stream().map(p -> p.data()).collect(Collectors.toList())).isEqualTo(expected);
            assertThat(server.metric("switchboard_delta_publications_total")).as("deltas sent").isGreaterThanOrEqualTo(10);
        }
    }

    static ObjectNode document(int version) {
        ObjectNode doc = Json.object().put("doc", "inventory").put("version", version);
        ArrayNode items = doc.putArray("items");
        for (int i = 0; i < 24; i++) {
            items.addObject().put("id", i).put("name", "item-" + i + " – ünïcode").put("price", 10 + i * 0.25)
                    .put("stock", i == version % 24 ? 1000 + version : i * 7 % 13);
        }
        return doc;
    }
}
