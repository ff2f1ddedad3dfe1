package io.switchboard.server.redis;

import io.switchboard.server.eventloop.LoopContext;
import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One long-lived connection to Redis that comes back by itself: when it drops, it is opened again after a capped
 * exponential backoff (100 ms doubling to 5 s) and prepared again (name, scripts, subscriptions) before it counts
 * as up. Commands are written from the link's own context in the order {@link #send} was called, so a caller's
 * commands are pipelined in its order. At most {@link #MAX_IN_FLIGHT} commands wait for replies; beyond, and
 * whenever the link is down, {@link #send} fails at once with {@code unavailable} rather than queueing.
 */
public final class RedisLink implements RedisCommands {
    /** Commands waiting for their reply at most. */
    public static final int MAX_IN_FLIGHT = 8192;
    private static final Logger LOG = LoggerFactory.getLogger(RedisLink.class);
    private static final long FIRST_RETRY_MS = 100;
    private static final long MAX_RETRY_MS = 5_000;

    private final Redis client;
    private final LoopContext home;
    private final String name;
    private final Function<RedisConnection, Future<Void>> prepare;
    private final Handler<Response> pushes;
    private final Runnable onLost;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.List<Runnable> upListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Promise<Void> firstAttempt = Promise.promise();
    // Touched on the home context only.
    private RedisConnection connection;
    private long retryDelay = FIRST_RETRY_MS;
    private long retryTimer = -1;
    private boolean closed;
    private volatile boolean up;

    /**
     * A link, not yet connecting.
     *
     * @param client  the Redis client the connection is taken from
     * @param home    the context every callback of this link runs on
     * @param name    the connection's name in Redis ({@code CLIENT LIST})
     * @param prepare what to do on each new connection before it counts as up (its scripts, its subscriptions)
     * @param pushes  receives what Redis pushes on the connection (pub/sub messages), or null
     * @param onLost  called on the home context when an up connection drops
     */
    public RedisLink(Redis client, LoopContext home, String name, Function<RedisConnection, Future<Void>> prepare,
                     Handler<Response> pushes, Runnable onLost) {
        this.client = client;
        this.home = home;
        this.name = name;
        this.prepare = prepare;
        this.pushes = pushes;
        this.onLost = onLost;
    }

    /**
     * A client for the Redis at {@code url} (see {@link RedisAddress}: one server, Sentinel or Cluster) with room
     * for {@code connections} links: each link holds one of its connections for as long as it lives.
     */
    static Redis client(Vertx vertx, String url, int connections) {
        RedisOptions options = RedisAddress.parse(url).options()
                .setMaxPoolSize(connections)
                .setMaxPoolWaiting(16)
                .setMaxWaitingHandlers(MAX_IN_FLIGHT);
        options.getNetClientOptions().setConnectTimeout(5_000).setTcpKeepAlive(true);
        return Redis.createClient(vertx, options);
    }

    /** Starts connecting; completes with the first attempt, which is retried in the background when it fails. */
    public Future<Void> start() {
        home.runOnContext(this::connect);
        return firstAttempt.future();
    }

    /** Calls {@code listener} on the home context each time the connection is up again (and the first time). */
    public void onUp(Runnable listener) {
        upListeners.add(listener);
    }

    /** Whether the connection is open and prepared. */
    public boolean up() {
        return up;
    }

    /** Sends a command; fails with {@code unavailable} when the link is down, full, or the command fails. */
    @Override
    public Future<Response> send(Request request) {
        return exchange(request).recover(e -> Future.failedFuture(unavailable(e)));
    }

    /** Runs a script: by its SHA-1, and whole when Redis does not hold it. Fails like {@link #send}. */
    @Override
    public Future<Response> eval(RedisScript script, List<String> keys, List<Object> args) {
        return exchange(request(Command.EVALSHA, script.sha(), keys, args)).recover(e -> {
            if (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT")) {
                return exchange(request(Command.EVAL, script.text(), keys, args));
            }
            return Future.failedFuture(e);
        }).recover(e -> Future.failedFuture(unavailable(e)));
    }

    private Future<Response> exchange(Request request) {
        if (!up) {
            return Future.failedFuture(down());
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                    "too many commands are waiting for Redis; try again later"));
        }
        Promise<Response> done = Promise.promise();
        home.execute(() -> {
            RedisConnection c = connection;
            if (c == null) {
                inFlight.decrementAndGet();
                done.fail(down());
                return;
            }
            try {
                c.send(request).onComplete(ar -> {
                    inFlight.decrementAndGet();
                    done.handle(ar);
                });
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                done.fail(e);
            }
        });
        return done.future();
    }

    /** Sends on a connection, which throws rather than fails once it has closed. */
    static Future<Response> send(RedisConnection c, Request request) {
        try {
            return c.send(request);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static Request request(Command command, String script, List<String> keys, List<Object> args) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        for (Object a : args) {
            if (a instanceof byte[] bytes) {
                r.arg(bytes);
            } else if (a instanceof Long n) {
                r.arg(n);
            } else if (a instanceof Integer n) {
                r.arg(n);
            } else {
                r.arg(String.valueOf(a));
            }
        }
        return r;
    }

    /**
     * Drops the connection as if it had failed (it is reopened after the backoff): for a link that stopped
     * answering without the socket noticing.
     */
    public void drop() {
        home.execute(() -> {
            RedisConnection c = connection;
            if (c != null) {
                lost(c, "stopped answering");
                forceClose(c);
            }
        });
    }

    /** Stops reconnecting and closes the connection. */
    public Future<Void> close() {
        Promise<Void> done = Promise.promise();
        home.execute(() -> {
            closed = true;
            up = false;
            if (retryTimer >= 0) {
                home.cancelTimer(retryTimer);
            }
            RedisConnection c = connection;
            connection = null;
            firstAttempt.tryFail(down());
            if (c == null) {
                done.complete();
            } else {
                forceClose(c);
                done.complete();
            }
        });
        return done.future();
    }

    private void connect() {
        retryTimer = -1;
        if (closed) {
            return;
        }
        client.connect().onComplete(ar -> home.execute(() -> {
            if (ar.failed()) {
                retry("cannot connect: " + ar.cause().getMessage());
                return;
            }
            RedisConnection c = ar.result();
            if (closed) {
                forceClose(c);
                return;
            }
            c.exceptionHandler(e -> home.execute(() -> lost(c, String.valueOf(e.getMessage()))));
            c.endHandler(x -> home.execute(() -> lost(c, "the connection closed")));
            if (pushes != null) {
                c.handler(pushes);
            }
            send(c, Request.cmd(Command.CLIENT).arg("SETNAME").arg(name))
                    .compose(r -> {
                        Promise<Void> ready = Promise.promise();
                        home.execute(() -> {
                            try {
                                prepare.apply(c).onComplete(ready);
                            } catch (RuntimeException e) {
                                ready.fail(e);
                            }
                        });
                        return ready.future();
                    })
                    .onComplete(prepared -> home.execute(() -> {
                        if (prepared.failed()) {
                            forceClose(c);
                            retry("cannot prepare the connection: " + prepared.cause().getMessage());
                        } else if (closed) {
                            forceClose(c);
                        } else {
                            connection = c;
                            up = true;
                            retryDelay = FIRST_RETRY_MS;
                            LOG.info("Redis link {} is up", name);
                            firstAttempt.tryComplete();
                            upListeners.forEach(Runnable::run);
                        }
                    }));
        }));
    }

    private void lost(RedisConnection c, String why) {
        if (c != connection) {
            return;
        }
        connection = null;
        up = false;
        LOG.warn("Redis link {} lost: {}", name, why);
        onLost.run();
        forceClose(c);
        scheduleRetry();
    }

    private void retry(String why) {
        LOG.warn("Redis link {} {}; retrying in {} ms", name, why, retryDelay);
        firstAttempt.tryFail(new ProtocolException(ErrorCode.UNAVAILABLE, "Redis link " + name + " " + why));
        scheduleRetry();
    }

    private void scheduleRetry() {
        if (closed || retryTimer >= 0) {
            return;
        }
        long delay = retryDelay;
        retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
        retryTimer = home.setTimer(delay, this::connect);
    }

    private static void forceClose(RedisConnection c) {
        // A pooled connection's close() hands it back to the pool; this one is never shared, so close its socket.
        if (c instanceof io.vertx.redis.client.impl.PooledRedisConnection pooled) {
            pooled.actual().forceClose();
        } else {
            c.close();
        }
    }

    private ProtocolException down() {
        return new ProtocolException(ErrorCode.UNAVAILABLE, "Redis is unreachable (link " + name + "); try again later");
    }

    private static ProtocolException unavailable(Throwable e) {
        if (e instanceof ProtocolException p) {
            return p;
        }
        return new ProtocolException(ErrorCode.UNAVAILABLE, "Redis failed: " + e.getMessage() + "; try again later",
                null, e);
    }
}
