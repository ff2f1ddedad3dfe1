package io.switchboard.server.gateway;

import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The subscriptions a session made with a subscription token, each with a timer at the token's expiry: unless
 * {@code sub_refresh} moves it, the subscription ends when it fires. At most one timer per subscription, so at most
 * {@link ChannelHandlers#MAX_SUBSCRIPTIONS} per session; armed and fired on the session's event loop.
 */
final class SubscriptionExpiry {
    private static final SessionKey<Timers> TIMERS = SessionKey.of("subscription-expiries", Timers.class);

    private final Vertx vertx;
    private final BiConsumer<Session, String> expired;

    /** Expiries timed on {@code vertx}; {@code expired} ends a subscription whose token ran out. */
    SubscriptionExpiry(Vertx vertx, BiConsumer<Session, String> expired) {
        this.vertx = vertx;
        this.expired = expired;
    }

    /** Arms (or moves) the expiry of the session's subscription to {@code channel}. */
    void arm(Session session, String channel, Instant expiresAt) {
        Timers timers = session.computeIfAbsent(TIMERS, Timers::new);
        long delay = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
        long[] id = new long[1];
        id[0] = vertx.setTimer(delay, t -> {
            if (timers.byChannel.remove(channel, id[0]) && !session.isClosed() && session.channels().contains(channel)) {
                expired.accept(session, channel);
            }
        });
        Long before = timers.byChannel.put(channel, id[0]);
        if (before != null) {
            vertx.cancelTimer(before);
        }
    }

    /** Whether the session's subscription to {@code channel} was made with a token that has not run out. */
    boolean holds(Session session, String channel) {
        Timers timers = session.get(TIMERS);
        return timers != null && timers.byChannel.containsKey(channel);
    }

    /** Forgets the expiry of a subscription that ended otherwise. */
    void cancel(Session session, String channel) {
        Timers timers = session.get(TIMERS);
        Long id = timers == null ? null : timers.byChannel.remove(channel);
        if (id != null) {
            vertx.cancelTimer(id);
        }
    }

    /** Forgets every expiry of a session that ended. */
    void cancelAll(Session session) {
        Timers timers = session.get(TIMERS);
        if (timers != null) {
            timers.byChannel.values().forEach(vertx::cancelTimer);
            timers.byChannel.clear();
        }
    }

    private static final class Timers {
        final Map<String, Long> byChannel = new ConcurrentHashMap<>();
    }
}
