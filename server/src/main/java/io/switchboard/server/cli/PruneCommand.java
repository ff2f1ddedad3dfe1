package io.switchboard.server.cli;

import io.switchboard.server.apps.ingest.IngestPruner;
import io.switchboard.server.Settings;
import io.switchboard.server.apps.ingest.IngestSettings;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.store.Database;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code switchboard prune}: runs the daily retention job now. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Delete device telemetry older than ingest-retention (default 365d) now, as the daily job does.")
final class PruneCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() throws Exception {
        SettingValues values = options.load();
        Settings settings = Settings.from(values);
        Instant cutoff = Instant.now().minus(IngestSettings.from(values).retention());
        Vertx vertx = Vertx.vertx();
        try (Database db = Database.open(vertx, settings.database()); Connection c = db.dataSource().getConnection()) {
            IngestPruner.Result result = IngestPruner.prune(c, cutoff);
            System.out.println("deleted telemetry older than " + cutoff + ": " + result);
            return 0;
        } finally {
            vertx.close().await();
        }
    }
}
