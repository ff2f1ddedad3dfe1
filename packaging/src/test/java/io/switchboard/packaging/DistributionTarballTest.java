package io.switchboard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testtags.NeedsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained distribution as a user gets it: the tarball unpacked anywhere, the launcher started by hand on
 * the Java runtime inside it, answering {@code /health/ready}, then stopped.
 */
@NeedsProcesses
@Timeout(300)
class DistributionTarballTest {
    @TempDir
    Path dir;

    @Test
    void the_unpacked_tarball_runs_on_its_own_runtime_with_its_sample_config_and_stops_on_sigterm() throws Exception {
        assumeTrue(Files.isDirectory(Path.of(System.getProperty("java.home"), "jmods")),
                "no distribution to test: this JDK has no jmods/ for jlink (a full JDK has it: Debian's openjdk-17-jdk-headless)");
        Path tarball = Commands.built("switchboard-*-linux-*.tar.gz", "packaging/build-packages.sh makes it at package");
        Commands.ok(dir, "tar", "-xzf", tarball.toString());
        Path home = dir.resolve("switchboard-" + System.getProperty("dist.version"));

        Path launcher = home.resolve("bin/switchboard");
        assertThat(launcher).isExecutable();
        assertThat(home.resolve("app/switchboard-server.jar")).isRegularFile();
        assertThat(home.resolve("LICENSE")).content().contains("Apache License").contains("Version 2.0");
        assertThat(home.resolve("systemd/switchboard.service")).content()
                .contains("ExecStart=/opt/switchboard/bin/switchboard serve --config /etc/switchboard/switchboard.conf")
                .contains("User=switchboard").contains("StateDirectory=switchboard").contains("NoNewPrivileges=true");
        // jlinked: the modules the server uses, not a whole JDK.
        String modules = Commands.ok(dir, home.resolve("runtime/bin/java").toString(), "--list-modules");
        assertThat(modules).contains("java.sql@", "jdk.unsupported@", "jdk.crypto.ec@", "java.net.http@")
                .doesNotContain("jdk.compiler@", "jdk.jshell@", "java.rmi@");
        assertThat(home.resolve("runtime/bin/javac")).doesNotExist();

        Path config = home.resolve("etc/switchboard.conf");
        assertThat(config).content().contains("data-dir = /var/lib/switchboard").contains("#port = 8080");
        Path data = dir.resolve("data");
        assertThat(Commands.ok(dir, launcher.toString(), "config", "check", "--config", config.toString(),
                "--data-dir", data.toString())).contains("the settings are valid");

        try (InstalledNode node = InstalledNode.start(launcher, dir.resolve("node.log"), "--config", config.toString(),
                "--data-dir", data.toString())) {
            assertThat(node.javaExecutable()).as("the node runs on the runtime in the tarball")
                    .startsWith(home.resolve("runtime").toRealPath().toString());
            assertThat(node.awaitReady()).contains("\"status\"");
            assertThat(node.stop()).contains("stopped after");
        }
        assertThat(data.resolve("switchboard.db")).as("its SQLite database, migrated on this runtime").isRegularFile();
    }
}
