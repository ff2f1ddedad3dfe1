package io.switchboard.tests.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.PostgresSchema;
import io.switchboard.testkit.TestServer;
import io.switchboard.testtags.NeedsPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node given {@code database-url} as {@code postgres://user@host:port/db} connects as that user and stores. */
@NeedsPostgres
@Timeout(60)
class PostgresUrlTest {
    @RegisterExtension
    static final PostgresSchema SCHEMA = new PostgresSchema("pgurl");

    @Test
    void a_postgres_url_with_a_user_part_serves_and_stores() {
        String jdbc = SCHEMA.url();
        String url = "postgres://" + SCHEMA.user() + "@" + jdbc.substring("jdbc:postgresql://".length());
        TestServer server = TestServer.start(Map.of("database-url", url), List.of(new UsersApp(), new AccountsApp()));
        try {
            assertThat(server.http().get("/health/ready").status()).isEqualTo(200);
            HttpReply registered = server.http().postJson("/api/auth/register",
                    Map.of("username", "ada", "password", "correct horse battery staple"), Map.of());
            assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        } finally {
            server.close();
        }
    }
}
