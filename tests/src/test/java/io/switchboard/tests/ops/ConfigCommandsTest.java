package io.switchboard.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.tests.support.SwitchboardCommand;
import io.switchboard.tests.support.SwitchboardCommand.Result;
import io.switchboard.testtags.NeedsProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator types: {@code switchboard config print > switchboard.properties}, edits it, and
 * {@code switchboard config check --config switchboard.properties} before a restart; each a process of its own.
 */
@NeedsProcesses
@Timeout(120)
class ConfigCommandsTest {
    @TempDir
    Path dir;

    @Test
    void a_printed_file_edited_by_hand_is_checked_and_a_typo_is_refused_with_one_line_and_exit_code_2() throws Exception {
        Result print = run("config", "print");
        assertThat(print.code()).isZero();
        assertThat(print.out()).contains("#port = 8080").contains("#log-format = text").contains("#websocket-compression = off");

        Path file = dir.resolve("switchboard.properties");
        Files.writeString(file, print.out().replace("#port = 8080", "port = 9090").replace("#log-format = text", "log-format = json"));
        Result check = run("config", "check", "--config", file.toString());
        assertThat(check.code()).as(check.err()).isZero();
        assertThat(check.out()).contains("the settings are valid");

        Files.writeString(file, "prot = 9090\n", java.nio.file.StandardOpenOption.APPEND);
        Result typo = run("config", "check", "--config", file.toString());
        assertThat(typo.code()).isEqualTo(2);
        assertThat(typo.err().strip()).startsWith("switchboard: invalid setting 'prot': unknown setting").doesNotContain("\n");

        Result bad = run("config", "check", "--config", dir.resolve("absent.properties").toString(), "--set", "port=eighty");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("switchboard: invalid setting 'config': file " + dir.resolve("absent.properties")
                + " does not exist");
    }

    @Test
    void websocket_compression_takes_on_or_off_only() throws Exception {
        Result bad = run("config", "check", "--set", "websocket-compression=yes");

        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).isEqualTo("switchboard: invalid setting 'websocket-compression': must be on or off");
        assertThat(run("config", "check", "--set", "websocket-compression=on").code()).isZero();
    }

    private Result run(String... args) throws IOException, InterruptedException {
        return SwitchboardCommand.run(dir, args);
    }
}
