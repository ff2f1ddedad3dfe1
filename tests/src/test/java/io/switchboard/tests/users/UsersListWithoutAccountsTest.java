package io.switchboard.tests.users;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.server.apps.accounts.AccountsApp;
import io.switchboard.server.apps.users.UsersApp;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Accounts (sign-up with a username) are users too; {@code ?accounts=false} lists only the records made through the
 * users API, which is how the users demo finds its own record without renaming somebody's account (issue 18).
 */
@Timeout(60)
@SwitchboardTest(apps = {UsersApp.class, AccountsApp.class})
class UsersListWithoutAccountsTest {

    @Test
    void accounts_false_leaves_the_accounts_out_and_anything_but_true_or_false_is_refused(TestServer server) {
        UsersHttp api = new UsersHttp(server, "alice");
        HttpReply signUp = api.call("POST", "/api/auth/register",
                Map.of("username", "grace", "password", "correct horse battery staple"), Map.of());
        assertThat(signUp.status()).as(signUp.toString()).isEqualTo(201);
        long account = signUp.json().get("user").get("id").asLong();
        long record = api.createId("Ada", "Lovelace");

        assertThat(ids(api, "/api/users/?accounts=false&limit=200")).contains(record).doesNotContain(account);
        assertThat(ids(api, "/api/users/?limit=200")).contains(record, account);
        assertThat(ids(api, "/api/users/?accounts=true&limit=200")).contains(record, account);
        UsersApiTest.assertError(api.call("GET", "/api/users/?accounts=no", null, Map.of()), 400, "invalid_field", "accounts");
    }

    private static List<Long> ids(UsersHttp api, String path) {
        HttpReply page = api.call("GET", path, null, Map.of());
        assertThat(page.status()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        page.json().get("results").forEach(u -> ids.add(u.get("id").asLong()));
        return ids;
    }
}
