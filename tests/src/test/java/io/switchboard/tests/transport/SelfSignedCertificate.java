package io.switchboard.tests.transport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A key and a self-signed certificate for 127.0.0.1 and localhost, made by {@code openssl} in a directory, and an
 * {@link SSLContext} that trusts that certificate alone.
 *
 * @param cert the certificate, PEM
 * @param key  its private key, PEM, unencrypted
 */
record SelfSignedCertificate(Path cert, Path key) {
    /** Generates a pair named {@code <name>-cert.pem} and {@code <name>-key.pem} in {@code dir}. */
    static SelfSignedCertificate generate(Path dir, String name) throws IOException, InterruptedException {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
            throw new IllegalStateException("openssl could not make a certificate: " + output);
        }
        return new SelfSignedCertificate(cert, key);
    }

    /** A TLS context that trusts this certificate and nothing else. */
    SSLContext trustingIt() throws IOException, GeneralSecurityException {
        Certificate certificate;
        try (InputStream in = Files.newInputStream(cert)) {
            certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        trusted.setCertificateEntry("switchboard-test", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
