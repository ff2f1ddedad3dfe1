package io.switchboard.tests.inbox;

import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention on SQLite. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InboxRetentionOnSqliteTest extends InboxRetentionContract {
    @RegisterExtension
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(SETTINGS);

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
