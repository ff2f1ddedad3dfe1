package io.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.Settings;
import io.switchboard.server.config.SettingValues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code switchboard config check} refuses what {@code serve} refuses, with the same line, and starts nothing;
 * {@code switchboard config print} lists every setting with its default and meaning as a file that check accepts.
 */
@Timeout(60)
class ConfigCommandTest {
    private static final Pattern DEFAULT_LINE = Pattern.compile("^#([a-z0-9-]+) =(?: (.*))?$", Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void check_prints_the_line_serve_prints_for_an_invalid_setting() {
        Run serve = run("serve", "--port", "eighty", "--data-dir", dir.toString());
        Run check = run("config", "check", "--port", "eighty", "--data-dir", dir.toString());
        assertThat(check.code).isEqualTo(2).isEqualTo(serve.code);
        assertThat(check.err.strip()).isEqualTo("switchboard: invalid setting 'port': must be a whole number, got 'eighty'")
                .isEqualTo(serve.err.strip());
    }

    @Test
    void check_refuses_a_bad_file_an_unknown_key_and_what_production_needs_like_serve() throws Exception {
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "max-frame-byte = 1000\n");
        assertThat(run("config", "check", "--config", file.toString()).err.strip())
                .startsWith("switchboard: invalid setting 'max-frame-byte': unknown setting; known settings are ");
        assertThat(run("config", "check", "--config", dir.resolve("missing.properties").toString()).err.strip())
                .isEqualTo("switchboard: invalid setting 'config': file " + dir.resolve("missing.properties") + " does not exist");
        Run production = run("config", "check", "--dev=false", "--set", "jwt-secret=a-production-secret-of-at-least-32-bytes");
        assertThat(production.code).isEqualTo(2);
        assertThat(production.err.strip()).startsWith("switchboard: invalid setting 'apps': must list the apps");
        assertThat(run("config", "check", "--set", "access-token-ttl=forever").err.strip())
                .isEqualTo("switchboard: invalid setting 'access-token-ttl': must be a duration such as 500ms, 30s, 5m, 1h or 2d, got 'forever'");
        assertThat(run("config", "check", "--set", "log-format=xml").err.strip())
                .isEqualTo("switchboard: invalid setting 'log-format': must be text or json, got 'xml'");
    }

    @Test
    void check_accepts_valid_settings_without_binding_or_creating_anything() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Run check = run("config", "check", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", data.toString());
            assertThat(check.code).as(check.err).isZero();
            assertThat(check.out).contains("the settings are valid");
        }
        assertThat(data).doesNotExist();
    }

    @Test
    void print_lists_every_key_with_a_meaning_and_check_accepts_the_file_as_printed_and_with_every_default_set()
            throws Exception {
        Run print = run("config", "print");
        assertThat(print.code).isZero();
        for (String key : Apps.settingKeys()) {
            assertThat(print.out).as(key).containsPattern("(?m)^# " + Pattern.quote(key) + ": \\S")
                    .containsPattern("(?m)^#" + Pattern.quote(key) + " =");
        }
        assertThat(print.out).doesNotContain("(no description)");
        assertThat(print.out).contains("#port = 8080").contains("#log-format = text").contains("#access-log = false");

        Path printed = dir.resolve("printed.properties");
        Files.writeString(printed, print.out);
        assertThat(run("config", "check", "--config", printed.toString()).code).isZero();

        // Every default that is a plain value, uncommented, is valid and is what the code uses when the key is unset.
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher m = DEFAULT_LINE.matcher(print.out);
        while (m.find()) {
            if (m.group(2) != null) {
                defaults.put(m.group(1), m.group(2));
            }
        }
        assertThat(defaults).containsKeys("dev", "port", "max-frame-bytes", "password-iterations", "log-level");
        Path uncommented = dir.resolve("defaults.properties");
        Files.writeString(uncommented, DEFAULT_LINE.matcher(print.out).replaceAll(r -> r.group(2) == null ? r.group()
                : Matcher.quoteReplacement(r.group(1) + " = " + r.group(2))));
        Run check = run("config", "check", "--config", uncommented.toString());
        assertThat(check.code).as(check.err).isZero();
        assertThat(Settings.from(SettingValues.of(defaults))).isEqualTo(Settings.from(SettingValues.of(Map.of())));
    }

    @Test
    void a_port_in_use_stops_serve_naming_it_before_anything_opens() throws Exception {
        Path data = dir.resolve("data");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = taken.getLocalPort();
            Run serve = run("serve", "--port", String.valueOf(port), "--data-dir", data.toString());
            assertThat(serve.code).isEqualTo(2);
            assertThat(serve.err.strip()).isEqualTo("switchboard: invalid setting 'port': 127.0.0.1:" + port
                    + " is already in use by another process (Address already in use); nothing was started");
        }
        assertThat(data.resolve("switchboard.db")).doesNotExist();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
