package io.switchboard.tests.inbox;

import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The event store's promises on PostgreSQL, in a fresh schema dropped afterwards. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@NeedsPostgres
class InboxStorageOnPostgresTest extends InboxStorageContract {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("inbox");

    @RegisterExtension
    @Order(2)
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(SCHEMA.settings());

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
