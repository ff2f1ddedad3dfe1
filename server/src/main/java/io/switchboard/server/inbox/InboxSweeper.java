package io.switchboard.server.inbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox's periodic work, one pass at a time on a timer (the SQL on the database's workers): scheduled events
 * that fell due get their sequence numbers and go out; events handed to a socket on this node and not acked for
 * {@code redeliverAfter} are pushed again (to the sockets that ack); events due longer ago than the retention are deleted. Each step is bounded
 * per pass.
 */
final class InboxSweeper {
    private static final Logger LOG = LoggerFactory.getLogger(InboxSweeper.class);
    /** Rows each step handles per pass at most. */
    static final int BATCH = 500;
    /** Users per redelivery query. */
    static final int USERS_PER_QUERY = 200;
    /** Retention deletes per pass, in chunks of {@link #BATCH}. */
    static final int DELETE_CHUNKS = 10;

    private final Inbox inbox;
    private final Vertx vertx;
    private final Duration redeliverAfter;
    private final Duration retention;
    private final long interval;
    private long timer = -1;
    private boolean running;

    InboxSweeper(Inbox inbox, Vertx vertx, Duration redeliverAfter, Duration retention) {
        this.inbox = inbox;
        this.vertx = vertx;
        this.redeliverAfter = redeliverAfter;
        this.retention = retention;
        // Often enough for scheduled events to go out within a second, and for redelivery to keep its time.
        this.interval = Math.max(100, Math.min(1000, redeliverAfter.toMillis() / 2));
    }

    void start() {
        timer = vertx.setPeriodic(interval, t -> {
            if (running) {
                return;
            }
            running = true;
            sweep().onComplete(ar -> {
                running = false;
                inbox.swept();
                if (ar.failed()) {
                    LOG.debug("inbox sweep failed: {}", ar.cause().toString());
                }
            });
        });
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass. */
    Future<Void> sweep() {
        long now = System.currentTimeMillis();
        return due(now).compose(v -> redeliver(now)).compose(v -> expire(now - retention.toMillis(), 0));
    }

    private Future<Void> due(long now) {
        return inbox.store().assignDue(now, BATCH).map(events -> {
            events.forEach(inbox::announce);
            return null;
        });
    }

    private Future<Void> redeliver(long now) {
        List<String> users = new ArrayList<>(inbox.streams().keySet());
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < users.size(); from += USERS_PER_QUERY) {
            List<String> chunk = users.subList(from, Math.min(users.size(), from + USERS_PER_QUERY));
            chain = chain.compose(v -> inbox.store().staleSent(chunk, now - redeliverAfter.toMillis(), BATCH))
                    .compose(this::pushAgain);
        }
        return chain;
    }

    private Future<Void> pushAgain(List<InboxStore.Stale> stale) {
        if (stale.isEmpty()) {
            return Future.succeededFuture();
        }
        Map<String, List<InboxEvent>> byUser = new HashMap<>();
        List<Long> ids = new ArrayList<>();
        for (InboxStore.Stale s : stale) {
            byUser.computeIfAbsent(s.event().userId(), u -> new ArrayList<>()).add(s.event());
            ids.add(s.id());
        }
        byUser.forEach((user, events) -> {
            Set<InboxStream> set = inbox.streams().get(user);
            if (set != null) {
                set.forEach(stream -> stream.redeliver(events));
            }
        });
        return inbox.store().touchSent(ids);
    }

    private Future<Void> expire(long cutoff, int chunks) {
        return inbox.store().deleteExpired(cutoff, BATCH).compose(n -> {
            if (n >= BATCH && chunks + 1 < DELETE_CHUNKS) {
                return expire(cutoff, chunks + 1);
            }
            return Future.succeededFuture();
        });
    }
}
