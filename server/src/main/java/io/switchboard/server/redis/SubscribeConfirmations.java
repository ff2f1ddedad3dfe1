package io.switchboard.server.redis;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SUBSCRIBEs of one subscriber connection still waiting for Redis to confirm them. Redis confirms each topic of
 * each SUBSCRIBE once, in order, so a confirmation completes the oldest waiting for its topic. Used only on the
 * owner's home context.
 */
final class SubscribeConfirmations {
    private static final long CONFIRM_TIMEOUT_MS = 10_000;

    private final LoopContext home;
    private final Function<String, ProtocolException> down;
    private final Map<String, ArrayDeque<Promise<Void>>> awaiting = new HashMap<>();

    /** Confirmations timed on {@code home}; {@code down} says, for a topic, that the connection is gone. */
    SubscribeConfirmations(LoopContext home, Function<String, ProtocolException> down) {
        this.home = home;
        this.down = down;
    }

    /** Sends one SUBSCRIBE; completes when Redis has confirmed every topic in it, or fails after 10 s. */
    Future<Void> subscribe(RedisConnection c, List<String> topics) {
        List<Promise<Void>> waiting = new ArrayList<>(topics.size());
        Request request = Request.cmd(Command.SUBSCRIBE);
        for (String topic : topics) {
            Promise<Void> p = Promise.promise();
            awaiting.computeIfAbsent(topic, t -> new ArrayDeque<>()).addLast(p);
            waiting.add(p);
            request.arg(topic);
        }
        long timer = home.setTimer(CONFIRM_TIMEOUT_MS, () -> waiting.forEach(p -> p.tryFail(
                new ProtocolException(ErrorCode.UNAVAILABLE, "Redis did not confirm the subscription; try again later"))));
        RedisLink.send(c, request).onFailure(e -> home.execute(() -> {
            for (int i = 0; i < topics.size(); i++) {
                waiting.get(i).tryFail(down.apply(topics.get(i)));
            }
        }));
        return Future.all(waiting.stream().map(Promise::future).toList()).<Void>mapEmpty()
                .onComplete(ar -> home.cancelTimer(timer));
    }

    /** The latest SUBSCRIBE of {@code topic} still unconfirmed, or null. */
    Future<Void> pending(String topic) {
        ArrayDeque<Promise<Void>> pending = awaiting.get(topic);
        return pending == null || pending.isEmpty() ? null : pending.peekLast().future();
    }

    /** Redis confirmed a subscription to {@code topic}. */
    void confirmed(String topic) {
        ArrayDeque<Promise<Void>> pending = awaiting.get(topic);
        if (pending != null) {
            Promise<Void> first = pending.pollFirst();
            if (pending.isEmpty()) {
                awaiting.remove(topic);
            }
            if (first != null) {
                first.tryComplete();
            }
        }
    }

    /** The connection is gone: everyone waiting is told now, rather than at their timeout. */
    void failAll() {
        awaiting.forEach((topic, q) -> {
            ProtocolException e = down.apply(topic);
            q.forEach(p -> p.tryFail(e));
        });
        awaiting.clear();
    }
}
