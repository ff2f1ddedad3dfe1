package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.Switchboard;
import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.server.config.SettingValues;
import io.switchboard.tests.browser.BrowserScenario;
import io.switchboard.testtags.NeedsBrowser;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed's three flows in headless Chromium with two users in two browser contexts: a like that reaches the
 * author as a toast and moves the count, a chat with a typing indicator, a notification in every tab of its user,
 * and presence when the last tab closes.
 */
@Timeout(240)
@NeedsBrowser
class SocialDemoInBrowserTest {
    @TempDir
    Path dataDir;

    @Test
    void two_users_like_comment_chat_and_see_each_other_come_and_go() throws Exception {
        // Fewer hash iterations than production: the scenario signs up and logs in several times.
        SettingValues settings = SettingValues.of(Map.of("host", "127.0.0.1", "port", "0",
                "data-dir", dataDir.toString(), "shutdown-grace", "1s", "password-iterations", "10000"));
        Switchboard node = Switchboard.create(settings).install(new UsersApp()).install(new AccountsApp())
                .install(new SocialApp()).start();
        try {
            BrowserScenario.run("social-demo.mjs", Map.of("SWITCHBOARD_URL", "http://127.0.0.1:" + node.port()),
                    request -> "ERR unknown request " + request);
            assertThat(BrowserScenario.SCREENSHOTS.resolve("social-like-toast.png")).exists();
            assertThat(BrowserScenario.SCREENSHOTS.resolve("social-typing.png")).exists();
            assertThat(BrowserScenario.SCREENSHOTS.resolve("social-second-tab.png")).exists();
            assertThat(BrowserScenario.SCREENSHOTS.resolve("social-offline.png")).exists();
        } finally {
            node.shutdown();
        }
    }
}
