package io.switchboard.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsBrowser;
import io.switchboard.testtags.NeedsRedis;
import io.switchboard.tests.browser.BrowserScenario;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser client in Chromium where WebSocket is blocked (tests/browser/transport-fallback.mjs): it falls back to
 * SSE and says so, subscribes, publishes and receives; the node restarts while the page cannot reach it, and the
 * publications made meanwhile arrive after the reconnect once each and in order (the channel's history is in Redis,
 * so it outlives the node); with SSE blocked as well it falls back to HTTP streaming.
 */
@NeedsRedis
@NeedsBrowser
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SseFallbackInBrowserTest {
    @TempDir
    Path dataDir;

    @Test
    void with_websocket_blocked_the_browser_client_works_over_sse_and_recovers_across_a_restart() throws Exception {
        String prefix = "sbt-" + UUID.randomUUID().toString().substring(0, 13);
        String channel = "public:fallback-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> settings = new HashMap<>(Map.of("redis", TwoNodes.REDIS, "redis-prefix", prefix,
                "data-dir", dataDir.toString(), "channel-history", "public=100/10m"));
        AtomicReference<TestServer> node = new AtomicReference<>(TestServer.start(settings));
        settings.put("port", String.valueOf(node.get().port())); // the restart comes back where the page knew the node
        try {
            BrowserScenario.run("transport-fallback.mjs",
                    Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + node.get().port(), "CHANNEL", channel),
                    request -> {
                        if (request.startsWith("PUBLISH ")) {
                            publish(node.get(), channel, Integer.parseInt(request.substring(8).trim()));
                            return "OK";
                        }
                        if (request.equals("RESTART")) {
                            node.getAndSet(null).close();
                            node.set(TestServer.start(settings));
                            publish(node.get(), channel, 3);
                            publish(node.get(), channel, 4);
                            return "OK";
                        }
                        return "ERR unknown request " + request;
                    });
            assertThat(BrowserScenario.SCREENSHOTS.resolve("transport-fallback-recovered.png")).exists();
        } finally {
            TestServer last = node.get();
            if (last != null) {
                last.close();
            }
            TwoNodes.deleteKeys(prefix);
        }
    }

    private static void publish(TestServer node, String channel, int n) {
        assertThat(node.http().publish(channel, Map.of("n", n, "from", "node")).status()).isEqualTo(202);
    }
}
