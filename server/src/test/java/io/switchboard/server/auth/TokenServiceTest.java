package io.switchboard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.protocol.CloseCode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class TokenServiceTest {
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private final TokenService tokens = new TokenService(KEY, Clock.systemUTC());

    @Test
    void an_issued_token_verifies_to_its_user() {
        Principal p = tokens.verify(tokens.issue("alice", Duration.ofMinutes(5)));
        assertThat(p.userId()).isEqualTo("alice");
        assertThat(p.expiresAt()).isAfter(Instant.now());
    }

    @Test
    void an_expired_token_is_refused_with_4002() {
        TokenService past = new TokenService(KEY, Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC));
        String token = past.issue("alice", Duration.ofHours(1));
        assertRefused(token, CloseCode.INVALID_TOKEN, "expired");
    }

    @Test
    void a_token_signed_with_another_key_is_refused() {
        TokenService other = new TokenService("another-key-another-key-another-key!".getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
        assertRefused(other.issue("alice", Duration.ofMinutes(5)), CloseCode.INVALID_TOKEN, "signature");
    }

    @Test
    void an_unsigned_alg_none_token_is_refused_whatever_it_claims() {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String claims = b64("{\"sub\":\"alice\",\"iss\":\"switchboard\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
        assertRefused(header + "." + claims + ".", CloseCode.INVALID_TOKEN, "signed JWT");
    }

    @Test
    void missing_and_garbage_tokens_are_told_apart() {
        assertRefused(null, CloseCode.NO_CREDENTIALS, "no token");
        assertRefused("", CloseCode.NO_CREDENTIALS, "no token");
        assertRefused("not.a.jwt", CloseCode.INVALID_TOKEN, "");
    }

    @Test
    void a_refresh_token_is_refused_as_an_access_token_and_verifies_only_as_a_refresh_token() {
        String refresh = tokens.issueRefresh("42", Duration.ofDays(1));

        assertRefused(refresh, CloseCode.INVALID_TOKEN, "refresh token");
        Principal p = tokens.verifyRefresh(refresh);
        assertThat(p.userId()).isEqualTo("42");
        assertThat(p.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
    }

    @Test
    void an_access_token_is_refused_as_a_refresh_token() {
        assertThatThrownBy(() -> tokens.verifyRefresh(tokens.issue("42", Duration.ofMinutes(5))))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.closeCode()).isEqualTo(CloseCode.INVALID_TOKEN))
                .hasMessageContaining("not a refresh token");
    }

    @Test
    void an_expired_refresh_token_is_refused() {
        TokenService past = new TokenService(KEY, Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC));
        assertThatThrownBy(() -> tokens.verifyRefresh(past.issueRefresh("42", Duration.ofDays(1))))
                .isInstanceOf(AuthException.class).hasMessageContaining("expired");
    }

    @Test
    void the_data_dir_key_is_created_once_and_reused(@TempDir Path dir) {
        byte[] first = SigningKey.resolve(null, dir);
        byte[] second = SigningKey.resolve(null, dir);
        assertThat(first).hasSize(32).isEqualTo(second);
        assertThat(dir.resolve(SigningKey.FILE_NAME)).exists();
    }

    @Test
    void the_roles_claim_reaches_the_principal_and_a_malformed_one_refuses_the_token() throws Exception {
        Principal admin = tokens.verify(tokens.issue("ops", Duration.ofMinutes(5), java.util.Set.of("admin")));
        assertThat(admin.admin()).isTrue();
        assertThat(admin.mayChange("42")).isTrue();
        Principal plain = tokens.verify(tokens.issue("41", Duration.ofMinutes(5)));
        assertThat(plain.admin()).isFalse();
        assertThat(plain.mayChange("41")).isTrue();
        assertThat(plain.mayChange("42")).isFalse();

        com.nimbusds.jwt.SignedJWT jwt = new com.nimbusds.jwt.SignedJWT(
                new com.nimbusds.jose.JWSHeader(com.nimbusds.jose.JWSAlgorithm.HS256),
                new com.nimbusds.jwt.JWTClaimsSet.Builder().subject("ops").issuer(TokenService.ISSUER)
                        .expirationTime(java.util.Date.from(Instant.now().plusSeconds(300))).claim("roles", "admin").build());
        jwt.sign(new com.nimbusds.jose.crypto.MACSigner(KEY));
        assertRefused(jwt.serialize(), CloseCode.INVALID_TOKEN, "roles");
    }

    private void assertRefused(String token, CloseCode code, String reason) {
        assertThatThrownBy(() -> tokens.verify(token))
                .isInstanceOfSatisfying(AuthException.class, e -> assertThat(e.closeCode()).isEqualTo(code))
                .hasMessageContaining(reason);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
