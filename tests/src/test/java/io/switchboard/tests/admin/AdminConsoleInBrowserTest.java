package io.switchboard.tests.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.CloseStatus;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.browser.BrowserScenario;
import io.switchboard.testtags.NeedsBrowser;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin console in headless Chromium against a node with two test sockets: sign-in, channels, presence, a
 * publish the sockets receive, a user's connections and their disconnect, and the live charts; screenshots in
 * target/screenshots/admin-*.png.
 */
@Timeout(180)
@NeedsBrowser
class AdminConsoleInBrowserTest {
    private static final String PASSWORD = "browser-admin-password-0123";
    private static final String CHANNEL = "public:admin-live";

    @Test
    void an_operator_signs_in_sees_the_sockets_publishes_to_them_and_disconnects_one() throws Exception {
        ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
        try (TestServer server = TestServer.start(Map.of("admin", "true", "admin-password", PASSWORD));
             TestClient alice = server.client("admin-alice"); TestClient bob = server.client("admin-bob")) {
            alice.subscribe(CHANNEL);
            bob.subscribe(CHANNEL);
            BrowserScenario.run("admin-console.mjs", Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + server.port(),
                    "ADMIN_PASSWORD", PASSWORD, "CHANNEL", CHANNEL), request -> {
                if (request.startsWith("RECEIVED ")) {
                    String text = request.substring("RECEIVED ".length());
                    String got = alice.awaitMessage(CHANNEL).at("/data/text").asText();
                    String gotByBob = bob.awaitMessage(CHANNEL).at("/data/text").asText();
                    return got.equals(text) && gotByBob.equals(text) ? "OK" : "ERR received " + got + " / " + gotByBob;
                }
                if (request.equals("TRAFFIC")) {
                    // Something for the charts to draw: alice publishes to the channel every 100 ms until the end.
                    traffic.scheduleAtFixedRate(() -> alice.publish(CHANNEL, Map.of("tick", System.nanoTime())),
                            0, 100, TimeUnit.MILLISECONDS);
                    return "OK";
                }
                if (request.equals("BOB_CLOSED")) {
                    CloseStatus closed = bob.awaitClose();
                    return closed.code() == 4006 ? "OK" : "ERR bob closed with " + closed;
                }
                return "ERR unknown request " + request;
            });
        } finally {
            traffic.shutdownNow();
        }
        assertThat(BrowserScenario.SCREENSHOTS.resolve("admin-console.png")).exists();
        assertThat(BrowserScenario.SCREENSHOTS.resolve("admin-after-disconnect.png")).exists();
    }
}
