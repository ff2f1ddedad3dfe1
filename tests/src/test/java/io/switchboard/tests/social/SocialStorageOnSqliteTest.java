package io.switchboard.tests.social;

import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The social store's promises on the default SQLite file. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SocialStorageOnSqliteTest extends SocialStorageContract {
    @RegisterExtension
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(Map.of(),
            List.of(new UsersApp(), new SocialApp()));

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
