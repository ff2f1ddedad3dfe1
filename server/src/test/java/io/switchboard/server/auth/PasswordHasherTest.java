package io.switchboard.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PasswordHasherTest {
    private final PasswordHasher hasher = new PasswordHasher(2_000);

    @Test
    void a_hash_verifies_its_password_and_nothing_else() {
        String encoded = hasher.hash("correct horse battery staple");

        assertThat(hasher.verify("correct horse battery staple", encoded)).isTrue();
        assertThat(hasher.verify("correct horse battery stapl", encoded)).isFalse();
        assertThat(hasher.verify("Correct horse battery staple", encoded)).isFalse();
        assertThat(hasher.verify("", encoded)).isFalse();
    }

    @Test
    void the_encoding_names_the_scheme_the_iterations_a_16_byte_salt_and_a_32_byte_hash_and_not_the_password() {
        String encoded = hasher.hash("pässwörd-ünïcode");
        String[] parts = encoded.split("\\$");

        assertThat(parts).hasSize(4);
        assertThat(parts[0]).isEqualTo("pbkdf2-sha256");
        assertThat(parts[1]).isEqualTo("2000");
        assertThat(Base64.getDecoder().decode(parts[2])).hasSize(16);
        assertThat(Base64.getDecoder().decode(parts[3])).hasSize(32);
        assertThat(encoded).doesNotContain("pässwörd");
        assertThat(hasher.verify("pässwörd-ünïcode", encoded)).isTrue();
    }

    @Test
    void the_same_password_hashes_differently_each_time() {
        assertThat(hasher.hash("same password")).isNotEqualTo(hasher.hash("same password"));
    }

    @Test
    void a_hash_is_verified_with_the_iteration_count_it_carries_not_the_configured_one() {
        String old = new PasswordHasher(1_000).hash("raise me later");
        PasswordHasher stronger = new PasswordHasher(3_000);

        assertThat(PasswordHasher.iterationsOf(old)).isEqualTo(1_000);
        assertThat(stronger.verify("raise me later", old)).isTrue();
        assertThat(stronger.needsRehash(old)).isTrue();
        String upgraded = stronger.hash("raise me later");
        assertThat(PasswordHasher.iterationsOf(upgraded)).isEqualTo(3_000);
        assertThat(stronger.needsRehash(upgraded)).isFalse();
    }

    @Test
    void a_changed_iteration_count_in_the_stored_string_no_longer_matches() {
        String encoded = hasher.hash("tamper with me");
        String tampered = encoded.replace("$2000$", "$2001$");

        assertThat(hasher.verify("tamper with me", tampered)).isFalse();
    }

    @Test
    void malformed_or_foreign_encodings_never_match() {
        for (String bad : new String[] {null, "", "tamper with me", "bcrypt$2000$AAAA$BBBB", "pbkdf2-sha256$x$AAAA$BBBB",
                "pbkdf2-sha256$2000$not base64!$AAAAAAAAAAAAAAAAAAAAAA==", "pbkdf2-sha256$0$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA==",
                "pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAA=="}) {
            assertThat(hasher.verify("tamper with me", bad)).as("%s", bad).isFalse();
            assertThat(hasher.needsRehash(bad)).as("%s", bad).isTrue();
        }
    }

    @Test
    void iteration_counts_below_the_floor_are_refused() {
        assertThatThrownBy(() -> new PasswordHasher(999)).isInstanceOf(IllegalArgumentException.class);
    }
}
