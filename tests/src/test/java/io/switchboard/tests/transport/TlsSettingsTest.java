package io.switchboard.tests.transport;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.testkit.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A node whose TLS files are wrong does not start, and says in one line which setting to fix. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsSettingsTest {
    @TempDir
    static Path dir;

    static SelfSignedCertificate node;
    static SelfSignedCertificate other;

    @BeforeAll
    static void certificates() throws Exception {
        node = SelfSignedCertificate.generate(dir, "node");
        other = SelfSignedCertificate.generate(dir, "other");
    }

    private static TestServer start(Path cert, Path key) {
        return TestServer.start(Map.of("tls-cert", cert.toString(), "tls-key", key.toString()));
    }

    @Test
    void a_missing_certificate_file_is_named() {
        Path absent = dir.resolve("absent.pem");

        assertThatThrownBy(() -> start(absent, node.key()))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("invalid setting 'tls-cert': file " + absent + " does not exist");
    }

    @Test
    void a_missing_key_file_is_named() {
        Path absent = dir.resolve("absent-key.pem");

        assertThatThrownBy(() -> start(node.cert(), absent))
                .hasMessage("invalid setting 'tls-key': file " + absent + " does not exist");
    }

    @Test
    void a_certificate_file_that_holds_no_certificate_is_refused() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a certificate\n");

        assertThatThrownBy(() -> start(garbage, node.key()))
                .hasMessageStartingWith("invalid setting 'tls-cert': " + garbage + " holds no PEM certificate");
    }

    @Test
    void the_certificate_given_as_the_key_is_refused() {
        assertThatThrownBy(() -> start(node.cert(), node.cert()))
                .hasMessageStartingWith("invalid setting 'tls-key': " + node.cert() + " holds no PEM private key");
    }

    @Test
    void the_key_of_another_certificate_is_refused() {
        assertThatThrownBy(() -> start(node.cert(), other.key()))
                .hasMessage("invalid setting 'tls-key': " + other.key() + " is not the private key of the certificate in "
                        + node.cert());
    }

    @Test
    void an_encrypted_key_is_refused_with_how_to_decrypt_it() throws Exception {
        Path encrypted = dir.resolve("encrypted-key.pem");
        Process openssl = new ProcessBuilder("openssl", "pkey", "-in", node.key().toString(), "-aes256",
                "-passout", "pass:secret", "-out", encrypted.toString()).redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        if (!openssl.waitFor(30, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not encrypt the key");
        }

        assertThatThrownBy(() -> start(node.cert(), encrypted))
                .hasMessageStartingWith("invalid setting 'tls-key': " + encrypted + " is encrypted")
                .hasMessageContaining("openssl pkey");
    }

    @Test
    void a_certificate_without_a_key_is_refused_before_any_file_is_read() {
        assertThatThrownBy(() -> TestServer.start(Map.of("tls-cert", node.cert().toString())))
                .hasMessageStartingWith("invalid setting 'tls-key': must be set too when tls-cert is");
    }
}
