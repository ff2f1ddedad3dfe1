package io.switchboard.tests.users;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two windows editing different fields of one record at the same moment: neither edit is lost. */
abstract class ConcurrentEditsContract {
    static final int ROUNDS = 25;

    abstract TestServer server();

    @Test
    void concurrent_patches_of_different_fields_both_survive() throws Exception {
        UsersHttp window1 = new UsersHttp(server(), "window-1");
        UsersHttp window2 = new UsersHttp(server(), "window-2");
        long id = window1.createId("First0", "Last0");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                int r = round;
                Callable<HttpReply> first = () -> window1.patch(id, Map.of("first_name", "First" + r));
                Callable<HttpReply> last = () -> window2.patch(id, Map.of("last_name", "Last" + r));
                List<Future<HttpReply>> both = pool.invokeAll(List.of(first, last));
                for (Future<HttpReply> f : both) {
                    assertThat(f.get().status()).as("round %d: %s", r, f.get()).isEqualTo(200);
                }
                JsonNode now = window1.get(id).json();
                assertThat(now.get("first_name").asText()).isEqualTo("First" + r);
                assertThat(now.get("last_name").asText()).isEqualTo("Last" + r);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(window2.get(id).json().get("version").asLong()).isEqualTo(1 + 2L * ROUNDS);
    }

    @Test
    void of_two_conditional_patches_on_one_version_exactly_one_wins() throws Exception {
        UsersHttp a = new UsersHttp(server(), "a");
        UsersHttp b = new UsersHttp(server(), "b");
        long id = a.createId("Same", "Version");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) {
                String version = "\"" + a.get(id).json().get("version").asLong() + "\"";
                List<Future<HttpReply>> both = pool.invokeAll(List.of(
                        () -> a.patchIfMatch(id, Map.of("first_name", "A"), version),
                        () -> b.patchIfMatch(id, Map.of("first_name", "B"), version)));
                List<Integer> statuses = List.of(both.get(0).get().status(), both.get(1).get().status());
                assertThat(statuses).containsExactlyInAnyOrder(200, 412);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
