package io.switchboard.client.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client reads a token's expiry to refresh it in time, and shrugs at anything that is not a JWT. */
@Timeout(10)
class JwtTest {
    private static String jwt(String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    @Test
    void the_expiry_of_a_jwt_is_read_in_milliseconds() {
        assertThat(Jwt.expiresAtMillis(jwt("{\"sub\":\"ada\",\"exp\":1700000000}"))).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void a_token_without_a_numeric_exp_or_not_a_jwt_has_no_expiry() {
        assertThat(Jwt.expiresAtMillis(jwt("{\"sub\":\"ada\"}"))).isEqualTo(-1);
        assertThat(Jwt.expiresAtMillis(jwt("{\"exp\":\"soon\"}"))).isEqualTo(-1);
        assertThat(Jwt.expiresAtMillis("opaque-token")).isEqualTo(-1);
        assertThat(Jwt.expiresAtMillis("a.%%%.c")).isEqualTo(-1);
        assertThat(Jwt.expiresAtMillis(null)).isEqualTo(-1);
    }
}
