package io.switchboard.server.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.Json;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Control questions over the node's shared Redis pub/sub: every node listens to one topic for questions
 * ({@link RedisKeys#controlTopic()}) and to one of its own for answers. Redis tells the asker, in PUBLISH's reply, how
 * many nodes heard the question, so the asker completes as soon as that many have answered (a node whose handler
 * failed answers that it did), or after {@link NodeControl#WAIT} with the answers that came.
 */
public final class RedisNodeControl implements NodeControl {
    private static final Logger LOG = LoggerFactory.getLogger(RedisNodeControl.class);

    private final SharedRedis redis;
    private final LoopContext home;
    private final String questions;
    private final String answers;
    private final String instance;
    private final ControlHandlers handlers = new ControlHandlers();
    private final boolean countLiveNodes;
    // Touched on the home context only.
    private final Map<String, Waiting> waiting = new HashMap<>();
    private long asked;

    private RedisNodeControl(SharedRedis redis, boolean countLiveNodes) {
        this.redis = redis;
        this.countLiveNodes = countLiveNodes;
        this.home = redis.home();
        RedisKeys keys = redis.keys();
        // Unique to this process even when a restarted node takes the same id while the old one still runs.
        this.instance = redis.node() + "." + Long.toString(ThreadLocalRandom.current().nextLong() >>> 12, 36);
        this.questions = keys.controlTopic();
        this.answers = keys.controlAnswerTopic(instance);
        redis.topics().listen(keys.controlPrefix(), "Redis", this::message);
    }

    /**
     * The control of the node that owns {@code redis}; it listens as soon as the subscription connection is up.
     * {@code cluster}: Redis is a Redis Cluster, whose PUBLISH counts one shard's subscribers only.
     */
    public static RedisNodeControl create(SharedRedis redis, boolean cluster) {
        RedisNodeControl control = new RedisNodeControl(redis, cluster);
        // Wanted from now on: subscribed when the connection is (again) up; a failure here only says it is down now.
        redis.topics().add(control.questions);
        redis.topics().add(control.answers);
        return control;
    }

    /** Completes once Redis confirmed both of this node's control topics; fails while the connection is down. */
    public Future<Void> ready() {
        return Future.all(redis.topics().subscribed(questions), redis.topics().subscribed(answers)).mapEmpty();
    }

    @Override
    public String node() {
        return redis.node();
    }

    @Override
    public void answer(String question, ControlHandler handler) {
        handlers.put(question, handler);
    }

    @Override
    public Future<List<NodeAnswer>> ask(String question, JsonNode args) {
        Promise<List<NodeAnswer>> done = Promise.promise();
        home.execute(() -> {
            if (waiting.size() >= MAX_IN_FLIGHT) {
                done.fail(new ProtocolException(ErrorCode.UNAVAILABLE,
                        "too many questions to the other nodes at once; try again later"));
                return;
            }
            String id = instance + "." + Long.toString(++asked, 36);
            Waiting w = new Waiting(done);
            waiting.put(id, w);
            w.timer = home.setTimer(WAIT.toMillis(), () -> finish(id));
            ObjectNode message = Json.object().put("id", id).put("reply", answers).put("question", question);
            message.set("args", args);
            redis.send(Request.cmd(Command.PUBLISH).arg(questions).arg(Json.write(message)))
                    .map(r -> r == null ? 0 : r.toInteger())
                    .compose(heard -> countLiveNodes ? liveNodes().map(live -> Math.max(heard, live)) : Future.succeededFuture(heard))
                    .onComplete(ar -> home.execute(() -> {
                        if (ar.failed()) {
                            Waiting gone = waiting.remove(id);
                            if (gone != null) {
                                home.cancelTimer(gone.timer);
                                gone.done.tryFail(ar.cause());
                            }
                            return;
                        }
                        w.expected = ar.result();
                        if (w.heard >= w.expected) {
                            finish(id);
                        }
                    }));
        });
        return done.future();
    }

    /** The nodes whose presence entries have not expired. */
    private Future<Integer> liveNodes() {
        return redis.send(Request.cmd(Command.ZCOUNT).arg(redis.keys().presenceNodes())
                .arg(System.currentTimeMillis()).arg("+inf")).map(r -> r == null ? 0 : r.toInteger());
    }

    private void message(String topic, byte[] payload) {
        JsonNode message;
        try {
            message = Json.mapper().readTree(payload);
        } catch (Exception e) {
            LOG.warn("a control message on {} is not JSON; ignored", topic);
            return;
        }
        if (topic.equals(questions)) {
            question(message);
        } else if (topic.equals(answers)) {
            answered(message);
        }
    }

    private void question(JsonNode message) {
        String id = message.path("id").asText();
        String reply = message.path("reply").asText();
        String question = message.path("question").asText();
        handlers.answer(question, message.path("args")).onComplete(ar -> {
            ObjectNode out = Json.object().put("id", id).put("node", redis.node());
            if (ar.succeeded()) {
                out.set("answer", ar.result());
            } else {
                LOG.warn("control question '{}' failed on this node: {}", question, ar.cause().toString());
                out.put("failed", true);
            }
            redis.send(Request.cmd(Command.PUBLISH).arg(reply).arg(Json.write(out)))
                    .onFailure(e -> LOG.warn("could not answer control question '{}': {}", question, e.toString()));
        });
    }

    private void answered(JsonNode message) {
        String id = message.path("id").asText();
        Waiting w = waiting.get(id);
        if (w == null) {
            // Came after the wait ended.
            return;
        }
        w.heard++;
        if (!message.path("failed").asBoolean(false)) {
            w.answers.add(new NodeAnswer(message.path("node").asText(), message.path("answer")));
        }
        if (w.expected >= 0 && w.heard >= w.expected) {
            finish(id);
        }
    }

    private void finish(String id) {
        Waiting w = waiting.remove(id);
        if (w != null) {
            home.cancelTimer(w.timer);
            w.done.tryComplete(List.copyOf(w.answers));
        }
    }

    /** A question waiting for answers: how many nodes heard it (-1 until Redis said), and how many answered. */
    private static final class Waiting {
        final Promise<List<NodeAnswer>> done;
        final List<NodeAnswer> answers = new ArrayList<>();
        int expected = -1;
        int heard;
        long timer;

        Waiting(Promise<List<NodeAnswer>> done) {
            this.done = done;
        }
    }
}
