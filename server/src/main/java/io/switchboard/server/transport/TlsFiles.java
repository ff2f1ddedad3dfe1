package io.switchboard.server.transport;

import io.switchboard.server.config.InvalidSettingException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import javax.net.ssl.X509KeyManager;

/**
 * The {@code tls-cert} and {@code tls-key} PEM files, checked at start so that a wrong file stops the node with
 * one line naming the setting rather than failing every client's handshake later: both must be readable, the
 * certificate must parse, the key must be an unencrypted PEM private key, and the key must belong to the
 * certificate.
 */
public final class TlsFiles {
    /** The protocols served: TLS 1.0 and 1.1 are refused whatever the JDK would allow. */
    public static final Set<String> PROTOCOLS = Set.of("TLSv1.2", "TLSv1.3");

    private TlsFiles() {
    }

    /**
     * Turns on TLS in {@code options} with the certificate and key; throws {@link InvalidSettingException}
     * naming {@code tls-cert} or {@code tls-key} when a file is missing, unreadable or not what it should be.
     * Reads files: call it at start, never on an event loop.
     */
    public static HttpServerOptions apply(HttpServerOptions options, Path cert, Path key, Vertx vertx) {
        byte[] certPem = read("tls-cert", cert);
        byte[] keyPem = read("tls-key", key);
        Certificate leaf = firstCertificate(cert, certPem);
        String keyText = new String(keyPem, StandardCharsets.US_ASCII);
        if (keyText.contains("ENCRYPTED")) {
            throw new InvalidSettingException("tls-key", key + " is encrypted; give the node an unencrypted key "
                    + "(openssl pkey -in " + key.getFileName() + " -out plain-key.pem) and protect the file instead");
        }
        if (!keyText.contains("PRIVATE KEY-----")) {
            throw new InvalidSettingException("tls-key", key + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
        }
        PemKeyCertOptions pem = new PemKeyCertOptions().setCertValue(Buffer.buffer(certPem)).setKeyValue(Buffer.buffer(keyPem));
        PrivateKey privateKey;
        try {
            KeyStore store = pem.loadKeyStore(vertx);
            X509KeyManager keys = (X509KeyManager) pem.getKeyManagerFactory(vertx).getKeyManagers()[0];
            privateKey = keys.getPrivateKey(Collections.list(store.aliases()).get(0));
        } catch (Exception e) {
            throw new InvalidSettingException("tls-key", "cannot load " + key + ": " + e.getMessage());
        }
        if (!belongTogether(privateKey, leaf.getPublicKey())) {
            throw new InvalidSettingException("tls-key", key + " is not the private key of the certificate in " + cert);
        }
        return options.setSsl(true).setKeyCertOptions(pem).setEnabledSecureTransportProtocols(PROTOCOLS);
    }

    private static byte[] read(String setting, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidSettingException(setting, "file " + file + " does not exist");
        } catch (AccessDeniedException e) {
            throw new InvalidSettingException(setting, "file " + file + " cannot be read (permission denied)");
        } catch (IOException e) {
            throw new InvalidSettingException(setting, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Certificate firstCertificate(Path file, byte[] pem) {
        try {
            Collection<? extends Certificate> chain = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem));
            if (!chain.isEmpty()) {
                return chain.iterator().next();
            }
        } catch (Exception e) {
            // reported below: the file is not a certificate whatever the parser's reason
        }
        throw new InvalidSettingException("tls-cert", file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
    }

    /** Signs with the private key and verifies with the certificate's public key. */
    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> publicKey.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) {
            return true; // a key type we cannot check: the handshake will tell
        }
        try {
            byte[] probe = "switchboard tls-key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (Exception e) {
            return false; // for one, a key of another type than the certificate's
        }
    }
}
