package io.switchboard.server.auth;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import java.util.List;

/**
 * The public keys that may have signed an RS256 or ES256 token: a static key from configuration, or an identity
 * provider's JWKS. Called on event loops: never blocks.
 */
public interface VerificationKeys {
    /**
     * The keys that may have signed a token with this header: those with its {@code kid}, or all when it has none.
     * Empty when none is known (a JWKS source then fetches its set again, so a key just rotated in is found soon).
     */
    List<JWK> candidates(JWSHeader header);
}
