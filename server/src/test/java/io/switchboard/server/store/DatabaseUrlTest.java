package io.switchboard.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code database-url} in the URL forms hosting providers and libpq print, with the user part kept. */
class DatabaseUrlTest {
    private static DatabaseSettings read(Map<String, String> values) {
        return DatabaseSettings.from(SettingValues.of(values), Path.of("data"));
    }

    @Test
    void a_postgres_url_keeps_its_user_as_the_database_user() {
        DatabaseSettings db = read(Map.of("database-url", "postgres://postgres@127.0.0.1:5432/test"));
        assertThat(db.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(db.user()).isEqualTo("postgres");
        assertThat(db.password()).isNull();
    }

    @Test
    void a_postgresql_url_gives_user_and_decoded_password_and_keeps_the_query() {
        DatabaseSettings db = read(Map.of("database-url", "postgresql://app:p%40ss%3Aw0rd@db.internal/switchboard?sslmode=require"));
        assertThat(db.url()).isEqualTo("jdbc:postgresql://db.internal/switchboard?sslmode=require");
        assertThat(db.user()).isEqualTo("app");
        assertThat(db.password()).isEqualTo("p@ss:w0rd");
    }

    @Test
    void database_user_and_password_settings_win_over_the_url() {
        DatabaseSettings db = read(Map.of("database-url", "postgres://app:secret@db/sb", "database-user", "admin",
                "database-password", "other"));
        assertThat(db.user()).isEqualTo("admin");
        assertThat(db.password()).isEqualTo("other");
        assertThat(db.url()).isEqualTo("jdbc:postgresql://db/sb");
    }

    @Test
    void a_malformed_url_is_refused_without_repeating_the_password() {
        assertThatThrownBy(() -> read(Map.of("database-url", "postgres://app:hunter2@/sb")))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting 'database-url': the postgres:// URL names no host")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> read(Map.of("database-url", "postgres://app:hunter2@db:5432")))
                .hasMessageStartingWith("invalid setting 'database-url': the postgres:// URL names no database")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> read(Map.of("database-url", "postgres://app:hun ter2@db/sb")))
                .hasMessageStartingWith("invalid setting 'database-url': the postgres:// URL is not a URL")
                .hasMessageNotContaining("hun ter2");
    }

    @Test
    void jdbc_urls_pass_unchanged() {
        assertThat(read(Map.of("database-url", "jdbc:postgresql://h:5432/db?currentSchema=x")).url())
                .isEqualTo("jdbc:postgresql://h:5432/db?currentSchema=x");
    }
}
