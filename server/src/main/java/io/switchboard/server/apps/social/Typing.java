package io.switchboard.server.apps.social;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.inbox.Inbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is typing in which conversation. A member's {@code typing} goes to the other members' {@code /ws/user/<id>}
 * sockets (live only), never to any session of the sender. A change of state always passes; a repeated
 * {@code is_typing: true} passes at most once per {@code typing-throttle} per user and conversation (the others are
 * acked and dropped). {@code typing-timeout} after the last {@code is_typing: true} without news the server sends
 * {@code is_typing: false} itself. At most {@link #MAX_TYPERS} users type at once on a node. Times are measured on
 * the monotonic clock, so a wall-clock step neither releases nor holds back a repeat.
 */
final class Typing {
    /** The most (user, conversation) pairs typing at once. */
    static final int MAX_TYPERS = 10_000;

    private final Vertx vertx;
    private final ChatStore chats;
    private final Inbox inbox;
    /** Pushes happen under this lock too, so a member gets one user's typing states in the order decided. */
    private final Object lock = new Object();
    private final Map<String, Typer> typers = new HashMap<>();

    private final long throttleNanos;
    private final long stopAfterMillis;

    Typing(Vertx vertx, ChatStore chats, Inbox inbox, Duration throttle, Duration stopAfter) {
        this.vertx = vertx;
        this.chats = chats;
        this.inbox = inbox;
        this.throttleNanos = throttle.toNanos();
        this.stopAfterMillis = stopAfter.toMillis();
    }

    /** One user typing in one conversation. Guarded by the lock. */
    private static final class Typer {
        final long user;
        final long conversation;
        List<Long> members;
        long forwardedAt;
        long timer = -1;

        Typer(long user, long conversation) {
            this.user = user;
            this.conversation = conversation;
        }
    }

    /** The member's new typing state; fails with {@code not_found} or {@code forbidden} unless they are a member. */
    Future<Void> update(long user, long conversation, boolean typing) {
        String key = user + ":" + conversation;
        if (typing && repeated(key)) {
            return Future.succeededFuture();
        }
        return chats.members(user, conversation).compose(members -> {
            synchronized (lock) {
                Typer typer = typers.get(key);
                long now = System.nanoTime();
                if (!typing) {
                    if (typer != null) {
                        typers.remove(key);
                        vertx.cancelTimer(typer.timer);
                        push(typer, false);
                    }
                    return Future.succeededFuture();
                }
                boolean forward = typer == null || now - typer.forwardedAt >= throttleNanos;
                if (typer == null) {
                    if (typers.size() >= MAX_TYPERS) {
                        return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                                "too many users are typing on this node; try again later"));
                    }
                    typer = new Typer(user, conversation);
                    typers.put(key, typer);
                }
                typer.members = members;
                if (forward) {
                    typer.forwardedAt = now;
                    push(typer, true);
                }
                rearm(key, typer);
                return Future.succeededFuture();
            }
        });
    }

    /** A repeated {@code is_typing: true} inside the throttle window: only the stop timer moves. */
    private boolean repeated(String key) {
        synchronized (lock) {
            Typer typer = typers.get(key);
            if (typer == null || System.nanoTime() - typer.forwardedAt >= throttleNanos) {
                return false;
            }
            rearm(key, typer);
            return true;
        }
    }

    private void rearm(String key, Typer typer) {
        if (typer.timer >= 0) {
            vertx.cancelTimer(typer.timer);
        }
        typer.timer = vertx.setTimer(stopAfterMillis, id -> stop(key, id));
    }

    private void stop(String key, long timer) {
        synchronized (lock) {
            Typer typer = typers.get(key);
            if (typer == null || typer.timer != timer) {
                return;
            }
            typers.remove(key);
            push(typer, false);
        }
    }

    private void push(Typer typer, boolean typing) {
        ObjectNode data = Json.object();
        data.put("conversation_id", typer.conversation);
        data.put("user_id", typer.user);
        data.put("is_typing", typing);
        for (long member : typer.members) {
            if (member != typer.user) {
                inbox.push(Long.toString(member), SocialEvents.TYPING, data);
            }
        }
    }
}
