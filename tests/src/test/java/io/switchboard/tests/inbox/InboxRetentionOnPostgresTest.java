package io.switchboard.tests.inbox;

import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Retention on PostgreSQL, in a fresh schema dropped afterwards. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@NeedsPostgres
class InboxRetentionOnPostgresTest extends InboxRetentionContract {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("inbox_retention");

    @RegisterExtension
    @Order(2)
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(merged());

    private static Map<String, String> merged() {
        Map<String, String> all = new HashMap<>(SCHEMA.settings());
        all.putAll(SETTINGS);
        return all;
    }

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
