package io.switchboard.tests.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

/** curl, a client nobody here wrote, reads both streams as the documents say: frames, then heartbeats. */
@SwitchboardTest(settings = "stream-heartbeat=200ms")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@EnabledIf("curlInstalled")
class CurlStreamTest {

    static boolean curlInstalled() {
        return new java.io.File("/usr/bin/curl").canExecute();
    }

    @Test
    void curl_reads_the_sse_stream_as_events_and_comments(TestServer server) throws Exception {
        String out = curl("-N", "-s", "--max-time", "2", server.httpUri().resolve("/connection/sse?token="
                + server.token("curl-ann")).toString());
        assertThat(out).startsWith("data: {\"type\":\"connection_established\",\"data\":{\"session_id\":\"");
        assertThat(out).contains("\"user_id\":\"curl-ann\"}}\n\n: ping\n\n");
    }

    @Test
    void curl_reads_the_http_stream_as_json_lines(TestServer server) throws Exception {
        String out = curl("-N", "-s", "--max-time", "2", "-X", "POST", "-H", "Authorization: Bearer " + server.token("curl-bob"),
                server.httpUri().resolve("/connection/stream").toString());
        assertThat(out).startsWith("{\"type\":\"connection_established\"");
        assertThat(out.lines().findFirst().orElse("")).endsWith("\"user_id\":\"curl-bob\"}}");
        assertThat(out).contains("}\n\n");
    }

    private static String curl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "curl";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }
}
