package io.switchboard.tests.accounts;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts on PostgreSQL, in a fresh schema dropped afterwards. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsPostgres
class AccountsOnPostgresTest extends AccountsContract {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("accounts");

    @RegisterExtension
    @Order(2)
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(settings(), List.of(new UsersApp(), new AccountsApp()));

    private static Map<String, String> settings() {
        Map<String, String> all = new HashMap<>(SCHEMA.settings());
        all.putAll(SETTINGS);
        return all;
    }

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
