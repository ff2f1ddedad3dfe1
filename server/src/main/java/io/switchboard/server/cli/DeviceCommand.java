package io.switchboard.server.cli;

import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.apps.ingest.Child;
import io.switchboard.server.apps.ingest.ChildStore;
import io.switchboard.server.Settings;
import io.switchboard.server.store.Database;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard device add --name Sam --parent alice}: enrols a child and prints its device hash. */
@Command(name = "device", mixinStandardHelpOptions = true, description = "Manage the devices (children) that stream telemetry.",
        subcommands = {DeviceCommand.Add.class, CommandLine.HelpCommand.class})
final class DeviceCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** {@code device add}. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Enrol a child for a parent, straight in the database (the server may be running).",
                    "Prints the child hash on stdout; the device connects to /ws/ingest/<hash>/."})
    static final class Add implements Callable<Integer> {
        @Option(names = "--name", required = true, description = "The child's display name (1 to 100 characters).")
        String name;

        @Option(names = "--parent", required = true, description = "The parent's user id (the subject of their token).")
        String parent;

        @Mixin
        SettingsOptions options;

        @Override
        public Integer call() throws Exception {
            String valid;
            try {
                valid = ChildStore.validName(name, "--name");
            } catch (ProtocolException e) {
                System.err.println("switchboard: " + e.getMessage());
                return 2;
            }
            if (parent.isBlank() || parent.length() > 64) {
                System.err.println("switchboard: --parent must be 1 to 64 characters");
                return 2;
            }
            Settings settings = Settings.from(options.load());
            Vertx vertx = Vertx.vertx();
            try (Database db = Database.open(vertx, settings.database()); Connection c = db.dataSource().getConnection()) {
                c.setAutoCommit(false);
                Child child = ChildStore.create(c, parent.strip(), valid);
                c.commit();
                System.err.println("enrolled child " + child.id() + " (" + child.name() + ") for parent " + child.parentId()
                        + "; the device connects to /ws/ingest/<hash>/ or sends X-Child-Hash to /api/ingest/");
                System.out.println(child.childHash());
                return 0;
            } finally {
                vertx.close().await();
            }
        }
    }
}
