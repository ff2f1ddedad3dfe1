package io.switchboard.server.inbox;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.RedisScript;
import io.switchboard.server.redis.RedisTopics;
import io.switchboard.server.redis.SharedRedis;
import io.switchboard.server.redis.TopicListener;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The many-node notifier: one Redis pub/sub topic per user ({@link RedisKeys#userTopic}), which a node subscribes to
 * only while it holds a socket of that user, so a notice goes only to the nodes that want it and the publisher needs
 * no directory of who is where. A notice carries the whole event ({@code <seq>\n<type>\n<payload>}), so the
 * receiving node pushes it without reading the store; the publishing node hears its own notices back through Redis
 * like any other node, so every socket of a user sees one node's notices in the order they were published.
 *
 * <p>Notices are queued (at most {@link #MAX_QUEUED}; beyond, they are dropped, which the streams' gap filling
 * repairs for stored events) and sent in batches, a script publishing each batch, so that telling 10,000 followers
 * costs a few dozen commands. It uses the node's shared connections ({@link SharedRedis}); when the subscription
 * connection comes back after a drop, the sockets of every watched user read the store again ({@link #onMissed}).
 */
public final class RedisInboxNotifier implements InboxNotifier {
    /** Notices waiting to be sent at most. */
    public static final int MAX_QUEUED = 65_536;
    /** Notices per publishing command at most. */
    static final int BATCH = 256;
    /** Payload bytes per publishing command, roughly at most. */
    static final int BATCH_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(RedisInboxNotifier.class);
    private static final RedisScript PUBLISH_ALL = RedisScript.of("inbox-publish", """
            for i = 1, #ARGV, 2 do redis.call('PUBLISH', ARGV[i], ARGV[i + 1]) end
            return #ARGV / 2
            """);

    private final RedisKeys keys;
    private final LoopContext home;
    private final SharedRedis redis;
    private final RedisTopics topics;
    private final ConcurrentLinkedQueue<InboxEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean flushing = new AtomicBoolean();
    private final AtomicLong dropped = new AtomicLong();
    private volatile Consumer<InboxEvent> listener = e -> { };
    private volatile Consumer<String> missed = u -> { };
    private volatile boolean closed;

    private RedisInboxNotifier(SharedRedis redis) {
        this.keys = redis.keys();
        this.home = redis.home();
        this.redis = redis;
        this.topics = redis.topics();
        redis.load(PUBLISH_ALL);
        topics.listen(keys.userTopicPrefix(), "Redis", new TopicListener() {
            @Override
            public void message(String topic, byte[] payload) {
                onMessage(topic, payload);
            }

            @Override
            public void restored(Set<String> topics) {
                resubscribed(topics);
            }
        });
    }

    /** A notifier on the node's Redis; it works while {@code redis} is started. */
    public static RedisInboxNotifier create(SharedRedis redis) {
        return new RedisInboxNotifier(redis);
    }

    /** Notices dropped so far because the queue was full or Redis refused them. */
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void listener(Consumer<InboxEvent> listener) {
        this.listener = listener;
    }

    @Override
    public void onMissed(Consumer<String> missed) {
        this.missed = missed;
    }

    @Override
    public Future<Void> watch(String userId) {
        return topics.add(keys.userTopic(userId));
    }

    @Override
    public void unwatch(String userId) {
        topics.remove(keys.userTopic(userId));
    }

    @Override
    public void publish(InboxEvent event) {
        if (closed) {
            drop(1, "the notifier is closed");
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            drop(1, "the queue is full");
            return;
        }
        queue.add(event);
        if (flushing.compareAndSet(false, true)) {
            home.runOnContext(this::flush);
        }
    }

    /** Stops sending notices; the shared connections are closed by their owner. */
    @Override
    public Future<Void> close() {
        closed = true;
        return Future.succeededFuture();
    }

    /** Sends everything queued, in batches, in queue order. On the home context. */
    private void flush() {
        flushing.set(false);
        while (true) {
            List<Object> args = new ArrayList<>();
            int bytes = 0;
            InboxEvent e;
            while (args.size() < 2 * BATCH && bytes < BATCH_BYTES && (e = queue.poll()) != null) {
                queued.decrementAndGet();
                byte[] notice = encode(e);
                args.add(keys.userTopic(e.userId()));
                args.add(notice);
                bytes += notice.length;
            }
            if (args.isEmpty()) {
                return;
            }
            int count = args.size() / 2;
            Future<?> sent = count == 1
                    ? redis.send(Request.cmd(Command.PUBLISH).arg((String) args.get(0)).arg((byte[]) args.get(1)))
                    : redis.eval(PUBLISH_ALL, List.of(), args);
            sent.onFailure(x -> drop(count, x.getMessage()));
        }
    }

    private void drop(int count, String why) {
        if (dropped.getAndAdd(count) % 1000 == 0) {
            LOG.warn("user event notices not sent ({}); stored events reach their sockets when they next read the store", why);
        }
    }

    private void onMessage(String topic, byte[] payload) {
        String user = topic.substring(keys.userTopicPrefix().length());
        InboxEvent event;
        try {
            event = decode(user, payload);
        } catch (RuntimeException e) {
            LOG.warn("dropped a malformed user event notice on {}: {}", topic, e.toString());
            return;
        }
        listener.accept(event);
    }

    private void resubscribed(Set<String> again) {
        int from = keys.userTopicPrefix().length();
        for (String topic : again) {
            missed.accept(topic.substring(from));
        }
    }

    static byte[] encode(InboxEvent e) {
        return (e.seq() + "\n" + e.type() + "\n" + e.payload()).getBytes(StandardCharsets.UTF_8);
    }

    static InboxEvent decode(String userId, byte[] notice) {
        String text = new String(notice, StandardCharsets.UTF_8);
        int a = text.indexOf('\n');
        int b = text.indexOf('\n', a + 1);
        if (a < 0 || b < 0) {
            throw new IllegalArgumentException("a notice has three parts: seq, type and payload");
        }
        return new InboxEvent(userId, Long.parseLong(text.substring(0, a)), text.substring(a + 1, b), text.substring(b + 1));
    }
}
