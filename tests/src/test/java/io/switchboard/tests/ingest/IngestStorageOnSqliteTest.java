package io.switchboard.tests.ingest;

import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.testkit.SwitchboardExtension;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The store's promises on the embedded default, a SQLite file. */
@Timeout(90)
class IngestStorageOnSqliteTest extends IngestStorageContract {
    @RegisterExtension
    static final SwitchboardExtension SERVER = SwitchboardExtension.withSettings(Map.of(), List.of(new IngestApp()));

    @Override
    TestServer server() {
        return SERVER.server();
    }
}
