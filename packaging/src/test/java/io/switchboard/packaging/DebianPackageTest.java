package io.switchboard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.switchboard.testtags.NeedsProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Debian package installed with dpkg, not into this machine but into a root made for it ({@code dpkg --root}, the
 * maintainer scripts run with {@code DPKG_ROOT} set), then the installed launcher started by hand (no systemd runs
 * here), answering {@code /health/ready}; then removed (the edited config stays, as a conffile does) and purged.
 */
@NeedsProcesses
@Timeout(300)
class DebianPackageTest {
    @TempDir
    Path dir;

    @Test
    void dpkg_installs_the_package_creates_its_user_and_the_installed_node_serves() throws Exception {
        assumeTrue(Commands.installed("dpkg-deb") && Commands.installed("dpkg"),
                "no .deb to test: dpkg-deb is not installed (it is on Debian and Ubuntu)");
        assumeTrue(Files.isDirectory(Path.of(System.getProperty("java.home"), "jmods")),
                "no .deb to test: this JDK has no jmods/ for jlink (a full JDK has it: Debian's openjdk-17-jdk-headless)");
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the .deb is not installed: dpkg installs packages as root only (CI runs as root)");
        Path deb = Commands.built("switchboard_*.deb", "packaging/build-packages.sh makes it at package with dpkg-deb");
        Path root = emptySystem();

        String install = Commands.ok(dir, dpkg(root, "--force-depends", "-i", deb.toString()));
        assertThat(install).contains("Setting up switchboard");
        String status = Commands.ok(dir, dpkg(root, "-s", "switchboard"));
        assertThat(status).contains("Status: install ok installed").contains("Conffiles:\n /etc/switchboard/switchboard.conf ");

        // The postinst made a system user without a shell, its data directory for it alone, and the config readable
        // by it and not by others (it may hold secrets).
        String user = Files.readAllLines(root.resolve("etc/passwd")).stream().filter(l -> l.startsWith("switchboard:"))
                .findFirst().orElseThrow(() -> new AssertionError("no switchboard user in " + root.resolve("etc/passwd")));
        String[] fields = user.split(":");
        assertThat(Integer.parseInt(fields[2])).as("a system user's uid").isLessThan(1000);
        assertThat(fields[5]).isEqualTo("/var/lib/switchboard");
        assertThat(fields[6]).isEqualTo("/usr/sbin/nologin");
        Path data = root.resolve("var/lib/switchboard");
        assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(Integer.parseInt(fields[2]));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        Path config = root.resolve("etc/switchboard/switchboard.conf");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(config))).isEqualTo("rw-r-----");
        assertThat(Files.getAttribute(config, "unix:gid")).isEqualTo(Integer.parseInt(fields[3]));
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/switchboard"))).isEqualTo(Path.of("/opt/switchboard/bin/switchboard"));
        Path unit = root.resolve("lib/systemd/system/switchboard.service");
        assertThat(unit).content().contains("User=switchboard").contains("--config /etc/switchboard/switchboard.conf");
        verifyUnit(unit, root);

        Path launcher = root.resolve("opt/switchboard/bin/switchboard");
        try (InstalledNode node = InstalledNode.start(launcher, dir.resolve("node.log"), "--config", config.toString(),
                "--data-dir", data.toString())) {
            assertThat(node.javaExecutable()).startsWith(root.resolve("opt/switchboard/runtime").toString());
            assertThat(node.awaitReady()).contains("\"status\"");
            assertThat(node.stop()).contains("stopped after");
        }
        assertThat(data.resolve("switchboard.db")).isRegularFile();

        // An operator's edit of the config survives an upgrade (here the same version again) and removal, as a
        // conffile's does; the user is not made twice; a purge takes the config.
        Files.writeString(config, "port = 9090\n", java.nio.file.StandardOpenOption.APPEND);
        Commands.ok(dir, dpkg(root, "--force-depends", "--force-confold", "-i", deb.toString()));
        assertThat(config).content().endsWith("port = 9090\n");
        assertThat(Files.readAllLines(root.resolve("etc/passwd"))).filteredOn(l -> l.startsWith("switchboard:")).hasSize(1);
        Commands.ok(dir, dpkg(root, "-r", "switchboard"));
        assertThat(root.resolve("opt/switchboard")).doesNotExist();
        assertThat(config).content().endsWith("port = 9090\n");
        Commands.ok(dir, dpkg(root, "--purge", "switchboard"));
        assertThat(config).doesNotExist();
        assertThat(data.resolve("switchboard.db")).as("the data stays: it is the operator's").isRegularFile();
    }

    /** The directories dpkg needs and the account files useradd edits, nothing else. */
    private Path emptySystem() throws Exception {
        Path root = dir.resolve("root");
        for (String d : List.of("var/lib/dpkg/info", "var/lib/dpkg/updates", "var/lib/dpkg/triggers", "etc")) {
            Files.createDirectories(root.resolve(d));
        }
        Files.writeString(root.resolve("var/lib/dpkg/status"), "");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/shadow"), "root:*:19000:0:99999:7:::\n");
        Files.writeString(root.resolve("etc/gshadow"), "root:*::\n");
        return root;
    }

    /** dpkg on {@code root}, running the maintainer scripts from this system with DPKG_ROOT set (the root has no shell). */
    private static String[] dpkg(Path root, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("dpkg", "--root=" + root, "--force-script-chrootless",
                "--log=/dev/null"));
        command.addAll(List.of(args));
        return command.toArray(String[]::new);
    }

    /** systemd-analyze accepts the unit (its paths pointed into the root), when systemd's tools are here. */
    private void verifyUnit(Path unit, Path root) throws Exception {
        if (!Commands.installed("systemd-analyze")) {
            System.out.println("[dist] the unit is not verified: systemd-analyze is not installed");
            return;
        }
        Path copy = dir.resolve("switchboard.service");
        Files.writeString(copy, Files.readString(unit).replace("/opt/switchboard/", root.resolve("opt/switchboard") + "/"));
        assertThat(Files.isExecutable(root.resolve("opt/switchboard/bin/switchboard"))).isTrue();
        Commands.Result r = Commands.run(dir, List.of("systemd-analyze", "verify", copy.toString()));
        assertThat(r.output()).as("systemd-analyze verify").isBlank();
        assertThat(r.code()).isZero();
    }
}
