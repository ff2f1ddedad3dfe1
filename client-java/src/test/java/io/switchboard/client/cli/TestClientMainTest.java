package io.switchboard.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.client.e2e.IngestNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command-line test client's four modes against a real server, and its exit statuses. */
@Timeout(90)
class TestClientMainTest {
    @TempDir
    static Path dir;
    static IngestNode node;
    static String hash;

    @BeforeAll
    static void startServer() {
        node = new IngestNode(dir.resolve("server"), Map.of()).start(true);
        hash = node.enrol("cli-parent", "Sam").hash();
    }

    @AfterAll
    static void stopServer() {
        node.close();
    }

    private record Result(int status, String out, String err) {
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TestClientMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result r = new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ switchboard-client " + String.join(" ", args) + "\n" + r.out + r.err);
        return r;
    }

    @Test
    void direct_mode_sends_one_message_of_each_type_and_prints_each_ack_with_its_latency() {
        Result r = run("direct", "--url", node.url(), "--child-hash", hash);

        assertThat(r.status).isZero();
        assertThat(r.out).contains("CONNECTING -> CONNECTED_WEBSOCKET");
        assertThat(r.out.lines().filter(l -> l.startsWith("sent "))).hasSize(3);
        assertThat(r.out.lines().filter(l -> l.startsWith("acked ") && l.contains("via WEBSOCKET in "))).hasSize(3);
        assertThat(r.out).contains("summary  sent 3, acked 3").contains("latency  send to ack: p50");
    }

    @Test
    void auth_flow_mode_does_the_same_over_the_auth_endpoint() {
        Result r = run("auth-flow", "--url", node.url(), "--child-hash", hash, "--count", "2");

        assertThat(r.status).isZero();
        assertThat(r.out).contains("(auth-flow)").contains("summary  sent 6, acked 6");
    }

    @Test
    void stream_mode_sends_at_a_rate_and_reports_progress_and_percentiles() {
        Result r = run("stream", "--url", node.url(), "--child-hash", hash, "--rate", "200", "--count", "300", "--max-rate", "0",
                "--buffer-dir", dir.resolve("stream-buffer").toString());

        assertThat(r.status).isZero();
        assertThat(r.out).contains("progress sent").contains("summary  sent 300, acked 300").contains("p99");
    }

    @Test
    void reconnect_mode_drops_the_socket_again_and_again_and_still_gets_every_message_acked() {
        Result r = run("reconnect", "--url", node.url(), "--child-hash", hash, "--rate", "300", "--count", "120", "--every", "30");

        assertThat(r.status).isZero();
        assertThat(r.out.lines().filter(l -> l.startsWith("reconnect after"))).hasSize(3);
        assertThat(r.out).contains("summary  sent 120, acked 120").contains("reconnects=3");
    }

    @Test
    void an_unknown_hash_ends_with_status_3_and_says_why() {
        Result r = run("direct", "--url", node.url(), "--child-hash", "A".repeat(43), "--timeout", "5s");

        assertThat(r.status).isEqualTo(3);
        assertThat(r.out).contains("FATAL    WEBSOCKET 4004");
    }

    @Test
    void usage_errors_end_with_status_2_and_the_usage() {
        assertThat(run().status).isEqualTo(2);
        assertThat(run("teleport", "--child-hash", hash).err).contains("unknown mode").contains("usage:");
        assertThat(run("stream", "--child-hash", hash, "--rate", "zero").status).isEqualTo(2);
        assertThat(run("stream", "--child-hash", hash, "--bogus", "1").err).contains("unknown option --bogus");
        assertThat(run("help").status).isZero();
    }
}
