package io.switchboard.tests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.server.Switchboard;
import io.switchboard.server.config.SettingValues;
import io.switchboard.testkit.NodeProcess;
import io.switchboard.testtags.NeedsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The data directory holds password hashes, the devices' only credential and the keys that mint tokens: after a
 * fresh start only the node's own user may read any of it, whatever the umask.
 */
@Timeout(60)
class FileModesTest {
    @TempDir
    Path parent;

    @Test
    void a_fresh_start_makes_the_data_dir_0700_and_the_database_and_keys_0600() throws Exception {
        assumeTrue(Files.getFileStore(parent).supportsFileAttributeView("posix"), "POSIX file modes");
        Path dataDir = parent.resolve("data");
        Switchboard node = Switchboard.create(SettingValues.of(Map.of("host", "127.0.0.1", "port", "0",
                "data-dir", dataDir.toString(), "shutdown-grace", "1s"))).start();
        try {
            assertThat(mode(dataDir)).isEqualTo("rwx------");
            for (String file : new String[] {"switchboard.db", "switchboard.db-wal", "switchboard.db-shm", "signing-key", "api-key"}) {
                assertThat(dataDir.resolve(file)).exists();
                assertThat(mode(dataDir.resolve(file))).as(file).isEqualTo("rw-------");
            }
            try (var listing = Files.list(dataDir)) {
                assertThat(listing.filter(p -> !mode(p).equals("rw-------")).toList()).as("every file in the data dir").isEmpty();
            }
        } finally {
            node.shutdown();
        }
    }

    @Test
    @NeedsProcesses
    void a_start_warns_about_each_file_others_can_read_naming_the_fix() throws Exception {
        assumeTrue(Files.getFileStore(parent).supportsFileAttributeView("posix"), "POSIX file modes");
        try (NodeProcess node = NodeProcess.start(Map.of(), Path.of("target", "cluster-logs", "file-modes.log"))) {
            Path dataDir = Path.of(node.settings().get("data-dir"));
            Path db = dataDir.resolve("switchboard.db");
            node.stop();
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));

            node.restart();

            String log = Files.readString(node.log());
            assertThat(log).contains(dataDir + " is rwxr-xr-x: other users of this machine can list and read it; chmod 700 " + dataDir);
            assertThat(log).contains(db + " is rw-r--r--: other users of this machine can read it; chmod 600 " + db);
        }
    }

    private static String mode(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
