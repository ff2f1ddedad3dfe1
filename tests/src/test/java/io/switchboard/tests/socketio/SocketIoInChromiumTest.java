package io.switchboard.tests.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsBrowser;
import io.switchboard.testtags.NeedsNode;
import io.switchboard.tests.browser.BrowserScenario;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** socket.io-client 4's browser bundle in headless Chromium (tests/browser/socketio.mjs) against a live node. */
@NeedsBrowser
@NeedsNode
@SwitchboardTest
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SocketIoInChromiumTest {

    @Test
    void the_browser_bundle_connects_upgrades_acks_and_receives_a_room_publication(TestServer server) throws Exception {
        SocketIoNode.install();
        BrowserScenario.run("socketio.mjs", Map.of(
                "SWITCHBOARD_URL", "http://127.0.0.1:" + server.port(),
                "TOKEN", server.token("alice")), ask -> {
                    assertThat(ask).isEqualTo("PUBLISH public:browser");
                    return server.http().publish("public:browser", Map.of("from", "java")).status() == 202 ? "OK" : "ERR publish";
                });
    }
}
