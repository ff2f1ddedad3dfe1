package io.switchboard.tests.accounts;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts on the default SQLite store. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AccountsOnSqliteTest extends AccountsContract {
    @RegisterExtension
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(SETTINGS, List.of(new UsersApp(), new AccountsApp()));

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
