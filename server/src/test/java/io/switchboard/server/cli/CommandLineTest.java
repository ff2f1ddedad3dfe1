package io.switchboard.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.auth.SigningKey;
import io.switchboard.server.auth.TokenService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(30)
class CommandLineTest {
    @TempDir
    Path dir;

    @Test
    void token_prints_a_jwt_that_a_server_on_the_same_data_dir_accepts() {
        String out = runCapturingStdout("token", "--user", "alice", "--ttl", "2h", "--data-dir", dir.toString());
        TokenService server = new TokenService(SigningKey.resolve(null, dir), Clock.systemUTC());
        assertThat(server.verify(out.trim()).userId()).isEqualTo("alice");
    }

    @Test
    void help_lists_every_command() {
        StringWriter text = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(text));
        assertThat(cli.execute("--help")).isZero();
        assertThat(text.toString()).contains("serve").contains("token").contains("help");
    }

    @Test
    void an_invalid_setting_stops_serve_with_one_line_naming_it() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("serve", "--port", "eighty", "--data-dir", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("switchboard: invalid setting 'port': must be a whole number, got 'eighty'");
    }

    @Test
    void a_missing_tls_file_stops_serve_with_one_line_naming_its_setting() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        Path cert = dir.resolve("cert.pem");
        int code = cli.execute("serve", "--port", "0", "--data-dir", dir.toString(),
                "--tls-cert", cert.toString(), "--tls-key", dir.resolve("key.pem").toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("switchboard: invalid setting 'tls-cert': file " + cert + " does not exist");
    }

    @Test
    void production_without_jwt_secret_stops_serve_with_one_line_naming_it_and_writes_no_key() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("serve", "--dev=false", "--port", "0", "--data-dir", dir.toString());
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("switchboard: invalid setting 'jwt-secret': must be set in production")
                .doesNotContain("\n");
        assertThat(dir.resolve("signing-key")).doesNotExist();
    }

    @Test
    void production_without_an_apps_list_stops_serve_with_one_line_naming_it() {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setErr(new PrintWriter(err));
        int code = cli.execute("serve", "--dev=false", "--port", "0", "--data-dir", dir.toString(),
                "--set", "jwt-secret=a-production-secret-of-at-least-32-bytes");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("switchboard: invalid setting 'apps': must list the apps to run in "
                + "production (dev=false), comma-separated from users,accounts,social,ingest,assistant, or none");
    }

    @Test
    void flags_alone_mean_serve() {
        assertThat(Main.defaultToServe(new String[] {"--port", "9000"})).containsExactly("serve", "--port", "9000");
        assertThat(Main.defaultToServe(new String[0])).containsExactly("serve");
        assertThat(Main.defaultToServe(new String[] {"token", "--user", "a"})).startsWith("token");
        assertThat(Main.defaultToServe(new String[] {"--help"})).containsExactly("--help");
    }

    private static String runCapturingStdout(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Main()).execute(args)).isZero();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
