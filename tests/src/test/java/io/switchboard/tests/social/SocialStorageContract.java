package io.switchboard.tests.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testkit.HttpReply;
import io.switchboard.testkit.TestClient;
import io.switchboard.testkit.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Counts stay exact and retries store once when many requests arrive at the same moment, on each database. */
abstract class SocialStorageContract {
    static final int CROWD = 50;

    abstract TestServer server();

    @Test
    void fifty_concurrent_likes_count_fifty_and_the_last_like_update_carries_the_highest_version() throws Exception {
        SocialUser author = SocialUser.create(server(), "Author");
        long post = author.writePost("Popular");
        List<SocialUser> fans = users(CROWD);
        try (TestClient watcher = author.socket()) {
            watcher.subscribe("post:" + post);
            List<HttpReply> replies = all(fans, fan -> fan.post("/api/posts/" + post + "/like", null));

            Set<Long> versions = new HashSet<>();
            for (HttpReply r : replies) {
                assertThat(r.status()).as(r.toString()).isEqualTo(200);
                versions.add(r.json().get("version").asLong());
            }
            assertThat(versions).as("each like moved the count once").containsExactlyInAnyOrderElementsOf(
                    LongStream.rangeClosed(1, CROWD).boxed().toList());
            JsonNode stored = SocialUser.expect(author.get("/api/posts/" + post + "/"), 200);
            assertThat(stored.get("like_count").asLong()).isEqualTo(CROWD);
            assertThat(stored.get("version").asLong()).isEqualTo(CROWD);

            long last = 0;
            JsonNode update;
            do {
                update = watcher.awaitPush("like_update");
                long version = update.at("/data/version").asLong();
                assertThat(version).as("like_update versions only grow").isGreaterThan(last);
                last = version;
            } while (update.at("/data/count").asLong() < CROWD);
            assertThat(last).isEqualTo(CROWD);
            Set<Long> actors = new HashSet<>();
            for (int i = 0; i < CROWD; i++) {
                JsonNode event = watcher.awaitEvent();
                assertThat(event.at("/data/type").asText()).isEqualTo("like");
                actors.add(event.at("/data/actor/id").asLong());
            }
            assertThat(actors).hasSize(CROWD);
            watcher.assertNoPush(Duration.ofMillis(500));
        }
    }

    @Test
    void concurrent_likes_and_unlikes_leave_the_count_equal_to_the_users_who_like() throws Exception {
        SocialUser author = SocialUser.create(server(), "Author");
        long post = author.writePost("Divisive");
        List<SocialUser> fans = users(30);
        all(fans.subList(0, 20), fan -> fan.post("/api/posts/" + post + "/like", null));
        // The first ten take their like back while the last ten like for the first time.
        List<HttpReply> replies = all(fans, fan -> {
            int i = fans.indexOf(fan);
            return i < 10 ? fan.delete("/api/posts/" + post + "/like") : fan.post("/api/posts/" + post + "/like", null);
        });
        replies.forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        long liking = fans.stream().filter(f -> f.get("/api/posts/" + post).json().get("liked").asBoolean()).count();
        assertThat(liking).isEqualTo(20);
        JsonNode stored = author.get("/api/posts/" + post).json();
        assertThat(stored.get("like_count").asLong()).isEqualTo(20);
        assertThat(stored.get("version").asLong()).isEqualTo(20 + 10 + 10);
    }

    @Test
    void one_user_liking_many_times_at_once_is_one_like_and_one_notification() throws Exception {
        SocialUser author = SocialUser.create(server(), "Author");
        SocialUser fan = SocialUser.create(server(), "Fan");
        long post = author.writePost("Double click");
        List<SocialUser> same = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            same.add(fan);
        }
        all(same, f -> f.post("/api/posts/" + post + "/like", null)).forEach(r -> assertThat(r.status()).isEqualTo(200));
        assertThat(author.get("/api/posts/" + post).json().get("like_count").asLong()).isEqualTo(1);
        try (TestClient authorSocket = author.socket()) {
            assertThat(authorSocket.awaitEvent().at("/data/type").asText()).isEqualTo("like");
            authorSocket.assertNoPush(Duration.ofMillis(500));
        }
    }

    @Test
    void concurrent_comments_are_all_stored_and_counted() throws Exception {
        SocialUser author = SocialUser.create(server(), "Author");
        long post = author.writePost("Talk to me");
        List<SocialUser> crowd = users(30);
        all(crowd, u -> u.post("/api/posts/" + post + "/comments/", Map.of("content", "from " + u.id)))
                .forEach(r -> assertThat(r.status()).as(r.toString()).isEqualTo(201));
        JsonNode stored = author.get("/api/posts/" + post).json();
        assertThat(stored.get("comment_count").asLong()).isEqualTo(30);
        assertThat(author.get("/api/posts/" + post + "/comments/?limit=200").json().get("results")).hasSize(30);
    }

    @Test
    void concurrent_retries_of_one_message_store_it_once() throws Exception {
        SocialUser ada = SocialUser.create(server(), "Ada");
        SocialUser grace = SocialUser.create(server(), "Grace");
        long conversation = ada.conversationWith(grace);
        List<SocialUser> same = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            same.add(ada);
        }
        List<HttpReply> replies = all(same, u -> u.post("/api/chat/conversations/" + conversation + "/messages/",
                Map.of("content", "flaky network", "client_id", "m-42")));
        assertThat(replies).extracting(HttpReply::status).containsOnly(200, 201).containsOnlyOnce(201);
        assertThat(replies).extracting(r -> r.json().get("id").asLong()).containsOnly(replies.get(0).json().get("id").asLong());
        assertThat(grace.get("/api/chat/conversations/" + conversation + "/messages/").json().get("results")).hasSize(1);
    }

    @Test
    void concurrent_requests_for_one_pair_make_one_direct_conversation() throws Exception {
        SocialUser ada = SocialUser.create(server(), "Ada");
        SocialUser grace = SocialUser.create(server(), "Grace");
        List<SocialUser> both = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            both.add(i % 2 == 0 ? ada : grace);
        }
        List<HttpReply> replies = all(both, u -> u.post("/api/chat/conversations/",
                Map.of("member_ids", List.of(u == ada ? grace.id : ada.id))));
        assertThat(replies).extracting(HttpReply::status).containsOnlyOnce(201);
        assertThat(replies).extracting(r -> r.json().get("id").asLong()).containsOnly(replies.get(0).json().get("id").asLong());
    }

    List<SocialUser> users(int n) {
        List<SocialUser> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(SocialUser.create(server(), "User" + i));
        }
        return out;
    }

    /** Runs the call for every user at the same moment, one thread each; the replies in the users' order. */
    static List<HttpReply> all(List<SocialUser> users, Function<SocialUser, HttpReply> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(users.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<HttpReply>> futures = new ArrayList<>();
            for (SocialUser u : users) {
                Callable<HttpReply> task = () -> {
                    start.await();
                    return call.apply(u);
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            List<HttpReply> out = new ArrayList<>();
            for (Future<HttpReply> f : futures) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
