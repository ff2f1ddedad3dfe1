package io.switchboard.tests.social;

import io.switchboard.server.apps.social.SocialApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The social store's promises on PostgreSQL, in a fresh schema dropped afterwards. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@NeedsPostgres
class SocialStorageOnPostgresTest extends SocialStorageContract {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("social");

    @RegisterExtension
    @Order(2)
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(SCHEMA.settings(),
            List.of(new UsersApp(), new SocialApp()));

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
