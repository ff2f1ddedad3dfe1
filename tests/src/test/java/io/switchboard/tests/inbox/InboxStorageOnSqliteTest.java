package io.switchboard.tests.inbox;

import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event store's promises on SQLite. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class InboxStorageOnSqliteTest extends InboxStorageContract {
    @RegisterExtension
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(Map.of());

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
