package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testtags.NeedsPostgres;
import io.switchboard.testtags.NeedsProcesses;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.stream.StreamClient;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streams on three nodes over Redis, with no sticky sessions: a stream held by node A takes its commands from B and C
 * (forwarded to A over the backplane), and what is published on C reaches it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
@NeedsRedis
@NeedsPostgres
@NeedsProcesses
class StreamsAcrossNodesTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("cluster_streams");

    @Test
    void a_stream_on_one_node_takes_commands_posted_to_the_others_and_receives_what_the_third_publishes() throws Exception {
        try (Cluster cluster = Cluster.start("streams", 3, SCHEMA, Cluster.SHARED_REDIS, Map.of())) {
            NodeProcess a = cluster.node(0);
            NodeProcess b = cluster.node(1);
            NodeProcess c = cluster.node(2);
            String token = a.token("xs-alice");
            try (StreamClient sse = StreamClient.sse(a.httpUri(), token);
                 StreamClient ndjson = StreamClient.ndjson(b.httpUri(), b.token("xs-bob"))) {
                sse.established();
                ndjson.established();

                HttpReply viaB = sse.command(b.httpUri(), "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"public:xs-room\"}}");
                assertThat(viaB.status()).as("%s", viaB).isEqualTo(202);
                assertThat(viaB.json().path("accepted").asInt()).isEqualTo(1);
                StreamClient.Frame ack = sse.next();
                assertThat(ack.type()).isEqualTo("ack");
                assertThat(ack.json().path("id").asInt()).isEqualTo(1);
                assertThat(ndjson.command(c.httpUri(), "{\"type\":\"subscribe\",\"id\":1,\"data\":{\"channel\":\"public:xs-room\"}}")
                        .status()).isEqualTo(202);
                assertThat(ndjson.next().type()).isEqualTo("ack");

                assertThat(c.http().publish("public:xs-room", Map.of("from", "c")).status()).isEqualTo(202);
                assertThat(sse.next().json().at("/data/from").asText()).isEqualTo("c");
                assertThat(ndjson.next().json().at("/data/from").asText()).isEqualTo("c");

                HttpReply viaC = sse.command(c.httpUri(), "{\"type\":\"publish\",\"id\":2,\"data\":{\"channel\":\"public:xs-room\","
                        + "\"data\":{\"from\":\"alice\"}}}");
                assertThat(viaC.status()).as("%s", viaC).isEqualTo(202);
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < 2; i++) {
                    StreamClient.Frame f = sse.next();
                    seen.add(f.type() + ":" + (f.type().equals("ack") ? f.json().path("id").asText() : f.json().at("/data/from").asText()));
                }
                assertThat(seen).containsExactlyInAnyOrder("ack:2", "message:alice");
                assertThat(ndjson.next().json().at("/data/from").asText()).isEqualTo("alice");

                HttpReply otherUser = StreamClient.command(c.httpUri(), sse.sessionId(), c.token("xs-mallory"), "{\"type\":\"ping\"}");
                assertThat(otherUser.status()).isEqualTo(403);
                assertThat(otherUser.errorCode()).isEqualTo("forbidden");
                HttpReply unknown = StreamClient.command(b.httpUri(), "no-such-session", token, "{\"type\":\"ping\"}");
                assertThat(unknown.status()).isEqualTo(404);
                assertThat(unknown.errorCode()).isEqualTo("unknown_session");
            }
        }
    }
}
