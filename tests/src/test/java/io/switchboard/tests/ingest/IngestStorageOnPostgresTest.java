package io.switchboard.tests.ingest;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.util.List;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's promises on PostgreSQL, in a fresh schema dropped afterwards. */
@Timeout(90)
@NeedsPostgres
class IngestStorageOnPostgresTest extends IngestStorageContract {
    @RegisterExtension
    @Order(1)
    static final PostgresSchema SCHEMA = new PostgresSchema("ingest");

    @RegisterExtension
    @Order(2)
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(SCHEMA.settings(), List.of(new IngestApp()));

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
