package io.switchboard.server.presence;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.server.redis.RedisKeys;
import io.switchboard.server.redis.SharedRedis;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence for many nodes, in Redis ({@link PresenceScripts} has the keys and the scripts). Each node records its
 * sessions under its own id and renews its entry every third of {@code ttl}; a user is online while any node holds
 * a session of theirs. A node that dies without cleaning up stops renewing, and within {@code ttl} plus a third of
 * it the next pass of any node's reaper takes its sessions away, reporting the users that leaves with none as gone
 * offline. A node that shuts down cleanly hands its sessions to the reapers at once ({@link #leave()}).
 *
 * <p>Transitions are decided by the scripts, so each happens once for the whole deployment, and the listeners of
 * the node whose command made it are called once, on this presence's event loop: the node where the first session
 * opened or the last closed, or the node whose reaper removed a dead node's sessions. Other nodes' listeners hear
 * nothing of it.
 *
 * <p>While Redis does not answer, sessions are still tracked here and the calls fail with {@code unavailable}; the
 * next renewal after that compares Redis with this node's sessions and repairs both ways (reporting the
 * transitions that makes). A node whose entry expired meanwhile (another node reaped its users) does the same, so
 * its users come back online. A transition whose reply was lost with the connection is not reported (Redis holds
 * the right state).
 *
 * <p>Redis restarted empty (a different {@link RedisKeys#presenceEpoch() epoch}) is not a transition: a user whose
 * session here stayed open, and was recorded in Redis before, was online all along, so the repair that records it
 * again announces nothing for them (an expired entry, reaped by another node that announced its users offline, is
 * repaired with announcements). The repair runs as soon as the command connection is back, not at the next renewal;
 * until then, and for any user with a session on this node, {@link #isOnline} answers from the sessions held here. A node id belongs to one process: a restarted node with the same id takes over its earlier
 * sessions and closes those it does not hold.
 *
 * <p>Bounds: a reaper pass takes at most {@link #REAP_CALLS_PER_PASS} batches of {@link #BATCH} sessions, so a dead
 * node with more than 10,000 sessions takes several passes (of every surviving node); a repair sends this node's
 * sessions in batches of {@link #BATCH}.
 */
public final class RedisPresence implements Presence {
    /** How long a node's entries outlive its last renewal by default. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(15);
    /** Sessions per script call when repairing or reaping. */
    static final int BATCH = 500;
    /** Reaper script calls per pass: at most this many batches of dead nodes' sessions go per pass. */
    static final int REAP_CALLS_PER_PASS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(RedisPresence.class);

    private final SharedRedis redis;
    private final RedisKeys keys;
    private final String node;
    private final long ttlMillis;
    private final LoopContext home;
    private final List<PresenceListener> listeners = new CopyOnWriteArrayList<>();
    // Touched on the home context only; every command is sent from it, so Redis runs them in the order made here.
    private final Map<String, String> local = new HashMap<>();
    // Sessions whose opening Redis recorded (home only), and the users with sessions here (read from any thread).
    private final Set<String> recorded = new HashSet<>();
    private final Map<String, Integer> localUsers = new java.util.concurrent.ConcurrentHashMap<>();
    private String epoch;
    private boolean lostByRedis;
    private boolean repair = true;
    private boolean renewing;
    private boolean repairing;
    private boolean reaping;
    private volatile boolean stopped;
    private long timer = -1;

    private RedisPresence(SharedRedis redis, Duration ttl) {
        this.redis = redis;
        this.keys = redis.keys();
        this.node = redis.node();
        this.ttlMillis = ttl.toMillis();
        this.home = LoopContext.create(redis.home().vertx());
        redis.load(PresenceScripts.RENEW, PresenceScripts.OPEN, PresenceScripts.CLOSE, PresenceScripts.REAP,
                PresenceScripts.ONLINE);
        // Back from an outage: repair now rather than at the next renewal, a third of the ttl away.
        redis.onCommandsUp(() -> home.execute(() -> {
            if (timer >= 0) {
                tick();
            }
        }));
    }

    /**
     * Presence on the node's Redis for its node id (letters, digits, {@code _ - .}; one process per id), whose
     * entries outlive it by {@code ttl} (at least 1 s). Nothing is recorded until {@link #start()}.
     */
    public static RedisPresence create(SharedRedis redis, Duration ttl) {
        if (ttl.toMillis() < 1_000) {
            throw new IllegalArgumentException("a presence ttl is at least 1 s, got " + ttl.toMillis() + " ms");
        }
        return new RedisPresence(redis, ttl);
    }

    /**
     * Registers this node and starts renewing and reaping; completes after the first renewal (failed when Redis does
     * not answer: it keeps trying in the background). The node's Redis is started by its owner.
     */
    public Future<Void> start() {
        Promise<Void> first = Promise.promise();
        home.execute(() -> {
            long period = Math.max(250, ttlMillis / 3);
            timer = home.setPeriodic(period, this::tick);
            renew().onComplete(first);
        });
        return first.future().onSuccess(v -> home.execute(this::reapPass));
    }

    /** This node's id. */
    public String node() {
        return node;
    }

    @Override
    public Future<Boolean> sessionOpened(String userId, String sessionId) {
        return onHome(() -> {
            local.put(sessionId, userId);
            localUsers.merge(userId, 1, Integer::sum);
            if (stopped) {
                return Future.succeededFuture(false);
            }
            return record(open(List.of(sessionId)), true, Set.of(), List.of(sessionId));
        });
    }

    @Override
    public Future<Boolean> sessionClosed(String userId, String sessionId) {
        return onHome(() -> {
            if (local.remove(sessionId) == null) {
                return Future.succeededFuture(false);
            }
            recorded.remove(sessionId);
            localUsers.computeIfPresent(userId, (u, n) -> n == 1 ? null : n - 1);
            if (stopped) {
                return Future.succeededFuture(false);
            }
            return record(close(List.of(sessionId)), false, Set.of(), List.of());
        });
    }

    @Override
    public Future<Boolean> isOnline(String userId) {
        if (localUsers.containsKey(userId) && !stopped) {
            return Future.succeededFuture(true);
        }
        return redis.send(Request.cmd(Command.EXISTS).arg(keys.presenceUser(userId))).map(r -> r.toInteger() > 0);
    }

    @Override
    public Future<Set<String>> online(Collection<String> userIds) {
        if (userIds.size() > MAX_QUERY) {
            return Future.failedFuture(new IllegalArgumentException("at most " + MAX_QUERY + " users per query"));
        }
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(userIds));
        if (ids.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        List<String> userKeys = ids.stream().map(keys::presenceUser).toList();
        return redis.eval(PresenceScripts.ONLINE, userKeys, List.of()).map(r -> {
            Set<String> out = new HashSet<>();
            for (int i = 0; i < ids.size(); i++) {
                if (r.get(i).toInteger() > 0 || localUsers.containsKey(ids.get(i)) && !stopped) {
                    out.add(ids.get(i));
                }
            }
            return out;
        });
    }

    @Override
    public void onChange(PresenceListener listener) {
        listeners.add(listener);
    }

    /**
     * Hands this node's sessions over to the other nodes, for a clean shutdown, before its sockets are closed: its
     * entry is marked expired and it stops renewing and recording, so the next reaper pass of any other node (within
     * a third of the ttl) removes its sessions. A user whose client reconnects to another node meanwhile never goes
     * offline (a rolling restart does not make everyone's status flap), the others are announced offline by a node
     * that keeps running, and nothing is left to this node's last moments. With no other node running, the entries
     * wait for the next node that starts, whose first reaper pass removes them.
     */
    public Future<Void> leave() {
        return onHome(() -> {
            stop();
            return redis.send(Request.cmd(Command.ZADD).arg(keys.presenceNodes()).arg("XX").arg(0).arg(node)).mapEmpty();
        });
    }

    /**
     * Stops as a killed process would: no more renewals and nothing more sent to Redis, the entries left as they
     * are, to expire and be reaped by another node. For tests of what happens when a node dies.
     */
    public void halt() {
        home.execute(() -> stop());
    }

    /** Stops renewing (call {@link #leave()} first for a clean shutdown); the connections are closed by their owner. */
    public Future<Void> close() {
        return onHome(() -> {
            stop();
            return Future.succeededFuture();
        });
    }

    private void stop() {
        stopped = true;
        if (timer >= 0) {
            home.cancelTimer(timer);
            timer = -1;
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        if (!renewing) {
            renewing = true;
            renew().onComplete(ar -> home.execute(() -> {
                renewing = false;
                if (ar.failed()) {
                    LOG.debug("presence of node {} not renewed: {}", node, ar.cause().toString());
                }
            }));
        }
        reapPass();
    }

    /** Renews this node's entry; repairs when it had expired or when an earlier command failed. Call on home. */
    private Future<Void> renew() {
        return redis.eval(PresenceScripts.RENEW, List.of(keys.presenceNodes()), List.of(node, ttlMillis))
                .compose(r -> checkEpoch().map(lost -> r))
                .compose(r -> onHome(() -> {
                    if (r.toInteger() == 1) {
                        repair = true;
                    }
                    if (!repair || repairing || stopped) {
                        return Future.succeededFuture();
                    }
                    repair = false;
                    repairing = true;
                    return repair().onComplete(ar -> home.execute(() -> {
                        repairing = false;
                        if (ar.failed()) {
                            repair = true;
                        }
                    }));
                }));
    }

    /** Learns the presence epoch, noting when it changed: Redis lost what it held. */
    private Future<Void> checkEpoch() {
        // A new value each time: this node may be the first to find Redis empty again.
        Request claim = Request.cmd(Command.SET).arg(keys.presenceEpoch()).arg(java.util.UUID.randomUUID().toString()).arg("NX");
        return redis.send(claim).compose(v -> redis.send(Request.cmd(Command.GET).arg(keys.presenceEpoch())))
                .compose(current -> onHome(() -> {
                    String now = current == null ? null : current.toString();
                    if (epoch != null && now != null && !epoch.equals(now)) {
                        LOG.info("Redis lost the presence it held (restarted empty?); recording this node's {} sessions "
                                + "again, without announcing users who stayed online", local.size());
                        lostByRedis = true;
                        repair = true;
                    }
                    if (now != null) {
                        epoch = now;
                    }
                    return Future.succeededFuture();
                }));
    }

    /**
     * Makes Redis hold exactly this node's sessions: closes there what closed here while a command failed (or what
     * an earlier process with this id left), then opens there every session open here (a no-op for those present).
     */
    private Future<Void> repair() {
        boolean quiet = lostByRedis;
        return closeStale("0").compose(v -> onHome(() -> reopen(new ArrayList<>(local.keySet()), 0, quiet)))
                .onSuccess(v -> home.execute(() -> {
                    if (quiet) {
                        lostByRedis = false;
                    }
                }));
    }

    private Future<Void> closeStale(String cursor) {
        Request scan = Request.cmd(Command.HSCAN).arg(keys.presenceSessions(node)).arg(cursor).arg("COUNT").arg(BATCH);
        return redis.send(scan).compose(page -> onHome(() -> {
            List<String> gone = new ArrayList<>();
            Response entries = page.get(1);
            for (int i = 0; i < entries.size(); i += 2) {
                String session = entries.get(i).toString();
                if (!local.containsKey(session)) {
                    gone.add(session);
                }
            }
            gone.forEach(recorded::remove);
            Future<Void> closed = gone.isEmpty() || stopped ? Future.succeededFuture()
                    : record(close(gone), false, Set.of(), List.of()).mapEmpty();
            String next = page.get(0).toString();
            return closed.compose(v -> "0".equals(next) ? Future.succeededFuture() : onHome(() -> closeStale(next)));
        }));
    }

    private Future<Void> reopen(List<String> sessions, int from, boolean quiet) {
        if (from >= sessions.size() || stopped) {
            return Future.succeededFuture();
        }
        // Only what is still open now: a session closed since the snapshot had its close sent already.
        List<String> chunk = new ArrayList<>();
        Set<String> stayedOnline = new HashSet<>();
        for (String s : sessions.subList(from, Math.min(sessions.size(), from + BATCH))) {
            if (local.containsKey(s)) {
                chunk.add(s);
                if (quiet && recorded.contains(s)) {
                    stayedOnline.add(local.get(s));
                }
            }
        }
        Future<Boolean> opened = chunk.isEmpty() ? Future.succeededFuture(false) : record(open(chunk), true, stayedOnline, chunk);
        return opened.compose(v -> onHome(() -> reopen(sessions, from + BATCH, quiet)));
    }

    /** One pass of the reaper: a bounded number of batches of expired nodes' sessions. Call on home. */
    private void reapPass() {
        if (reaping || stopped) {
            return;
        }
        reaping = true;
        reap(0).onComplete(ar -> home.execute(() -> {
            reaping = false;
            if (ar.failed()) {
                LOG.debug("presence reaper pass failed: {}", ar.cause().toString());
            }
        }));
    }

    /** Reaps expired nodes, one batch of sessions per call. */
    private Future<Void> reap(int calls) {
        return redis.eval(PresenceScripts.REAP, List.of(keys.presenceNodes()), List.of(keys.presencePrefix(), BATCH, ""))
                .compose(r -> onHome(() -> {
                    if (r.size() == 0) {
                        return Future.succeededFuture();
                    }
                    String reaped = r.get(0).toString();
                    List<String> offline = new ArrayList<>(r.size() - 1);
                    for (int i = 1; i < r.size(); i++) {
                        offline.add(r.get(i).toString());
                    }
                    if (!reaped.equals(node) && !offline.isEmpty()) {
                        LOG.info("node {} stopped renewing its presence: {} users went offline with it", reaped, offline.size());
                    }
                    fire(offline, false);
                    return calls + 1 >= REAP_CALLS_PER_PASS ? Future.succeededFuture() : reap(calls + 1);
                }));
    }

    /** Sends the opening of sessions held in {@link #local}. Call on home. */
    private Future<Response> open(List<String> sessions) {
        List<Object> args = new ArrayList<>(2 + 2 * sessions.size());
        args.add(keys.presencePrefix());
        args.add(node);
        for (String s : sessions) {
            args.add(s);
            args.add(local.get(s));
        }
        return redis.eval(PresenceScripts.OPEN, List.of(keys.presenceNodes(), keys.presenceSessions(node)), args);
    }

    /** Sends the closing of sessions. Call on home. */
    private Future<Response> close(List<String> sessions) {
        List<Object> args = new ArrayList<>(2 + sessions.size());
        args.add(keys.presencePrefix());
        args.add(node);
        args.addAll(sessions);
        return redis.eval(PresenceScripts.CLOSE, List.of(keys.presenceSessions(node)), args);
    }

    /**
     * Reports the transitions a script made, but for {@code unannounced} (users online all along whom Redis forgot);
     * {@code opened} are the sessions whose opening it records. A failure leaves Redis to be repaired at the next
     * renewal.
     */
    private Future<Boolean> record(Future<Response> sent, boolean online, Set<String> unannounced, List<String> opened) {
        return sent.transform(ar -> onHome(() -> {
            if (ar.failed()) {
                repair = true;
                return Future.failedFuture(ar.cause());
            }
            opened.forEach(s -> {
                if (local.containsKey(s)) {
                    recorded.add(s);
                }
            });
            List<String> users = new ArrayList<>(ar.result().size());
            for (Response user : ar.result()) {
                if (!unannounced.contains(user.toString())) {
                    users.add(user.toString());
                }
            }
            fire(users, online);
            return Future.succeededFuture(!users.isEmpty());
        }));
    }

    private void fire(List<String> users, boolean online) {
        for (String user : users) {
            for (PresenceListener l : listeners) {
                try {
                    l.changed(user, online);
                } catch (RuntimeException e) {
                    LOG.warn("a presence listener failed for user {}", user, e);
                }
            }
        }
    }

    /** Runs {@code work} on the home context and completes with its result. */
    private <T> Future<T> onHome(Supplier<Future<T>> work) {
        Promise<T> done = Promise.promise();
        home.execute(() -> {
            try {
                work.get().onComplete(done);
            } catch (RuntimeException e) {
                done.fail(e);
            }
        });
        return done.future();
    }
}
