package io.switchboard.tests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.ConnectOptions;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens from an identity provider (Auth0, Keycloak, Cognito, Firebase): RS256 and ES256, verified with the keys of
 * a JWKS that this test serves over HTTP, or with one static public key; the issuer and audience as configured.
 */
@Timeout(60)
class ProviderTokensTest {
    private static final String ISSUER = "https://idp.example/";
    private static final String AUDIENCE = "switchboard-api";

    private final AtomicReference<String> jwks = new AtomicReference<>();
    private HttpServer provider;
    private RSAKey k1;
    private ECKey k2;
    private RSAKey k3;

    @TempDir
    Path dir;

    @BeforeEach
    void serveTheKeySet() throws Exception {
        k1 = new RSAKeyGenerator(2048).keyID("k1").generate();
        k2 = new ECKeyGenerator(Curve.P_256).keyID("k2").generate();
        k3 = new RSAKeyGenerator(2048).keyID("k3").generate();
        publish(k1, k2);
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        provider.createContext("/.well-known/jwks.json", exchange -> {
            byte[] body = jwks.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        provider.start();
    }

    @AfterEach
    void stop() {
        provider.stop(0);
    }

    @Test
    void rs256_and_es256_tokens_signed_with_the_providers_keys_are_accepted_and_no_others() throws Exception {
        try (TestServer server = node(Map.of())) {
            assertThat(status(server, sign(k1, JWSAlgorithm.RS256, claims("auth0|ada")))).isEqualTo(200);
            assertThat(status(server, sign(k2, JWSAlgorithm.ES256, claims("auth0|bob")))).isEqualTo(200);
            try (TestClient socket = server.connect(ConnectOptions.tokenInQuery(sign(k1, JWSAlgorithm.RS256, claims("auth0|ada"))))) {
                assertThat(socket.userId()).isEqualTo("auth0|ada");
            }
            assertThat(status(server, server.token("own-hs256-user"))).as("the node's own tokens still work").isEqualTo(200);

            assertThat(status(server, sign(k1, JWSAlgorithm.RS256, claims("ada").issuer("https://other.example/"))))
                    .as("another issuer").isEqualTo(401);
            assertThat(status(server, sign(k1, JWSAlgorithm.RS256, claims("ada").audience("another-api"))))
                    .as("another audience").isEqualTo(401);
            RSAKey impostor = new RSAKeyGenerator(2048).keyID("k1").generate();
            assertThat(status(server, sign(impostor, JWSAlgorithm.RS256, claims("ada")))).as("another key with kid k1").isEqualTo(401);
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("not-in-the-set").generate();
            assertThat(status(server, sign(unknown, JWSAlgorithm.RS256, claims("ada")))).as("an unknown kid").isEqualTo(401);
            SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims("ada").build());
            confused.sign(new MACSigner(k1.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8)));
            assertThat(status(server, confused.serialize())).as("HS256 keyed with the public key").isEqualTo(401);
        }
    }

    @Test
    void a_key_rotated_in_is_accepted_and_a_key_rotated_out_is_refused() throws Exception {
        try (TestServer server = node(Map.of("jwt-jwks-refresh", "1s"))) {
            String old = sign(k1, JWSAlgorithm.RS256, claims("ada"));
            assertThat(status(server, old)).isEqualTo(200);

            publish(k2, k3);
            String fresh = sign(k3, JWSAlgorithm.RS256, claims("ada"));

            await("a token of the key rotated in").atMost(Duration.ofSeconds(20)).until(() -> status(server, fresh) == 200);
            await("a token of the key rotated out").atMost(Duration.ofSeconds(20)).until(() -> status(server, old) == 401);
            assertThat(status(server, sign(k2, JWSAlgorithm.ES256, claims("bob")))).as("the key kept").isEqualTo(200);
        }
    }

    @Test
    void a_static_public_key_verifies_its_tokens_only() throws Exception {
        Path pem = dir.resolve("provider.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(k2.toECPublicKey().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        try (TestServer server = TestServer.start(Map.of("jwt-public-key", pem.toString(), "jwt-issuer", ISSUER),
                List.of(new UsersApp()))) {
            assertThat(status(server, sign(k2, JWSAlgorithm.ES256, claims("ada")))).isEqualTo(200);
            assertThat(status(server, sign(k1, JWSAlgorithm.RS256, claims("ada")))).isEqualTo(401);
        }
    }

    @Test
    void a_production_node_with_a_jwks_and_no_jwt_secret_starts_and_accepts_the_providers_tokens() throws Exception {
        try (TestServer server = node(Map.of("dev", "false", "apps", "users"))) {
            assertThat(status(server, sign(k1, JWSAlgorithm.RS256, claims("ada")))).isEqualTo(200);
            assertThat(Files.exists(server.dataDir().resolve("signing-key"))).as("no key generated").isFalse();
        }
    }

    private TestServer node(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "jwt-jwks-url", "http://127.0.0.1:" + provider.getAddress().getPort() + "/.well-known/jwks.json",
                "jwt-issuer", ISSUER, "jwt-audience", AUDIENCE));
        settings.putAll(extra);
        return TestServer.start(settings, List.of(new UsersApp()));
    }

    private void publish(JWK... keys) {
        jwks.set(new JWKSet(List.of(keys)).toPublicJWKSet().toString());
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).audience(List.of(AUDIENCE, "other"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet.Builder claims) throws JOSEException {
        JWSSigner signer = key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static int status(TestServer server, String token) {
        return server.http().get("/api/users/", Map.of("Authorization", "Bearer " + token)).status();
    }
}
