package io.switchboard.server.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** One public key from a PEM file ({@code -----BEGIN PUBLIC KEY-----}, RSA or EC P-256), whatever a token's {@code kid}. */
public final class StaticKeys implements VerificationKeys {
    private final List<JWK> keys;

    private StaticKeys(JWK key) {
        this.keys = List.of(key);
    }

    /** The key of a PEM text; {@link IllegalArgumentException} saying why when it is not an RSA or P-256 public key. */
    public static StaticKeys fromPem(String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        if (!pem.contains("-----BEGIN PUBLIC KEY-----") || base64.isEmpty()) {
            throw new IllegalArgumentException("must be a PEM public key (-----BEGIN PUBLIC KEY-----)");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM's base64 is not valid");
        }
        PublicKey key = parse(der);
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("an RSA key must have at least 2048 bits");
            }
            return new StaticKeys(new RSAKey.Builder(rsa).build());
        }
        ECPublicKey ec = (ECPublicKey) key;
        if (!Curve.P_256.equals(Curve.forECParameterSpec(ec.getParams()))) {
            throw new IllegalArgumentException("an EC key must be on curve P-256 (ES256)");
        }
        return new StaticKeys(new ECKey.Builder(Curve.P_256, ec).build());
    }

    private static PublicKey parse(byte[] der) {
        for (String algorithm : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Try the next kind.
            }
        }
        throw new IllegalArgumentException("not an RSA or EC public key");
    }

    @Override
    public List<JWK> candidates(JWSHeader header) {
        return keys;
    }
}
