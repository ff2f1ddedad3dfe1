package io.switchboard.tests.users;

import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Concurrent edits on the default SQLite store. */
@Timeout(120)
class ConcurrentEditsOnSqliteTest extends ConcurrentEditsContract {
    @RegisterExtension
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(Map.of(), List.of(new UsersApp()));

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
