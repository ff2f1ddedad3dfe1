package io.switchboard.server.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ChannelHistory} promises (see its javadoc); a Redis implementation runs the same tests by
 * extending this class. Channels named {@code kept:*} keep 3 publications for 10 seconds of the test clock.
 */
public abstract class ChannelHistoryContract {
    /** The clock the history under test reads, in epoch milliseconds; tests move it. */
    protected final AtomicLong clock = new AtomicLong(1_000_000);
    protected static final HistoryOptions KEPT = new HistoryOptions(3, Duration.ofSeconds(10));

    /** A fresh, empty history that keeps {@link #KEPT} for channels starting with {@code kept:} and none for others. */
    protected abstract ChannelHistory history();

    @Test
    void offsets_count_one_two_three_within_one_epoch_and_the_position_follows() throws Exception {
        ChannelHistory h = history();
        StreamPosition empty = await(h.position("kept:a"));
        assertThat(empty.offset()).isZero();
        Publication first = append(h, "kept:a", "1");
        Publication second = append(h, "kept:a", "2");

        assertThat(first.offset()).isEqualTo(1);
        assertThat(second.offset()).isEqualTo(2);
        assertThat(first.epoch()).isEqualTo(empty.epoch()).isEqualTo(second.epoch());
        assertThat(new String(second.frame(), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"message\",\"channel\":\"kept:a\",\"offset\":2,\"epoch\":\"" + first.epoch() + "\",\"data\":2}");
        assertThat(await(h.position("kept:a"))).isEqualTo(new StreamPosition(first.epoch(), 2));
        assertThat(append(h, "kept:b", "x").offset()).isEqualTo(1);
    }

    @Test
    void a_position_whose_successors_are_all_kept_recovers_them_in_order() throws Exception {
        ChannelHistory h = history();
        for (int i = 1; i <= 3; i++) {
            append(h, "kept:r", String.valueOf(i));
        }
        String epoch = await(h.position("kept:r")).epoch();

        Recovery r = await(h.recover("kept:r", epoch, 1, 100));

        assertThat(r.recovered()).isTrue();
        assertThat(r.position().offset()).isEqualTo(3);
        assertThat(r.publications()).extracting(Publication::offset).containsExactly(2L, 3L);
        assertThat(await(h.recover("kept:r", epoch, 3, 100)).publications()).isEmpty();
        assertThat(await(h.recover("kept:r", epoch, 3, 100)).recovered()).isTrue();
    }

    @Test
    void another_epoch_too_many_missed_too_old_or_an_offset_from_the_future_is_not_recovered() throws Exception {
        ChannelHistory h = history();
        for (int i = 1; i <= 5; i++) {
            append(h, "kept:n", String.valueOf(i));
        }
        String epoch = await(h.position("kept:n")).epoch();

        assertThat(await(h.recover("kept:n", epoch + "x", 4, 100)).recovered()).as("another epoch").isFalse();
        assertThat(await(h.recover("kept:n", epoch, 1, 100)).recovered()).as("trimmed to 3").isFalse();
        assertThat(await(h.recover("kept:n", epoch, 2, 100)).recovered()).as("3, 4, 5 kept").isTrue();
        assertThat(await(h.recover("kept:n", epoch, 2, 2)).recovered()).as("more than max").isFalse();
        assertThat(await(h.recover("kept:n", epoch, 9, 100)).recovered()).as("from the future").isFalse();
        clock.addAndGet(11_000);
        Recovery old = await(h.recover("kept:n", epoch, 4, 100));
        assertThat(old.recovered()).as("older than 10 s").isFalse();
        assertThat(old.position()).isEqualTo(new StreamPosition(epoch, 5));
    }

    @Test
    void a_read_takes_the_oldest_after_an_offset_or_the_newest_before_one_within_what_is_kept() throws Exception {
        ChannelHistory h = history();
        for (int i = 1; i <= 5; i++) {
            append(h, "kept:p", String.valueOf(i));
        }
        HistoryPage all = await(h.read("kept:p", 0, 0, 100, false));
        assertThat(all.publications()).extracting(Publication::offset).as("trimmed to 3").containsExactly(3L, 4L, 5L);
        assertThat(all.position().offset()).isEqualTo(5);
        assertThat(new String(all.publications().get(0).data(), StandardCharsets.UTF_8)).isEqualTo("3");
        assertThat(await(h.read("kept:p", 3, 0, 1, false)).publications()).extracting(Publication::offset).containsExactly(4L);
        assertThat(await(h.read("kept:p", 0, 0, 2, true)).publications()).extracting(Publication::offset).containsExactly(5L, 4L);
        assertThat(await(h.read("kept:p", 0, 5, 100, true)).publications()).extracting(Publication::offset).containsExactly(4L, 3L);
        assertThat(await(h.read("kept:p", 5, 0, 100, false)).publications()).isEmpty();
        assertThat(await(h.read("kept:p", 0, 0, 0, false)).publications()).isEmpty();
        clock.addAndGet(11_000);
        assertThat(await(h.read("kept:p", 0, 0, 100, false)).publications()).as("older than 10 s").isEmpty();
    }

    @Test
    void removing_a_history_forgets_its_publications_but_keeps_its_position() throws Exception {
        ChannelHistory h = history();
        append(h, "kept:rm", "1");
        append(h, "kept:rm", "2");
        StreamPosition before = await(h.position("kept:rm"));

        await(h.remove("kept:rm"));

        HistoryPage after = await(h.read("kept:rm", 0, 0, 100, false));
        assertThat(after.publications()).isEmpty();
        assertThat(after.position()).isEqualTo(before);
        assertThat(await(h.recover("kept:rm", before.epoch(), 1, 100)).recovered()).isFalse();
        assertThat(append(h, "kept:rm", "3").offset()).isEqualTo(3);
        assertThat(await(h.read("kept:rm", 0, 0, 100, false)).publications()).extracting(Publication::offset).containsExactly(3L);
    }

    private static Publication append(ChannelHistory h, String channel, String data) throws Exception {
        return await(h.append(Publication.of(channel, "message", data.getBytes(StandardCharsets.UTF_8)), h.options(channel)));
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
