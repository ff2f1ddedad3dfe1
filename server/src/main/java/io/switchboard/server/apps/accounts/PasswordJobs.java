package io.switchboard.server.apps.accounts;

import io.switchboard.protocol.ErrorCode;
import io.switchboard.protocol.ProtocolException;
import io.switchboard.server.auth.PasswordHasher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Password hashing off the event loops, on a worker pool of its own (so a burst of logins cannot starve the
 * database's workers), with a bound on the jobs in flight: over it a request fails at once with
 * {@code unavailable} instead of queueing seconds of CPU work behind the others.
 */
final class PasswordJobs {
    private final PasswordHasher hasher;
    private final WorkerExecutor workers;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();

    PasswordJobs(Vertx vertx, PasswordHasher hasher, int threads, int maxInFlight) {
        this.hasher = hasher;
        this.workers = vertx.createSharedWorkerExecutor("switchboard-passwords", threads);
        this.maxInFlight = maxInFlight;
    }

    /** A new encoded hash of the password. */
    Future<String> hash(String password) {
        return submit(() -> hasher.hash(password));
    }

    /**
     * Whether the password matches the stored hash. With no stored hash (no such user, or a user without a
     * password) the same work is done and the answer is false, so that the time taken does not tell whether a
     * username exists.
     */
    Future<Boolean> verify(String password, String storedHash) {
        return submit(() -> {
            if (storedHash == null) {
                hasher.hash(password);
                return false;
            }
            return hasher.verify(password, storedHash);
        });
    }

    /** Whether a stored hash should be rewritten with the configured iteration count. */
    boolean needsRehash(String storedHash) {
        return hasher.needsRehash(storedHash);
    }

    private <T> Future<T> submit(Callable<T> job) {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            return Future.failedFuture(new ProtocolException(ErrorCode.UNAVAILABLE,
                    "too many password checks in progress; retry in a moment"));
        }
        return workers.<T>executeBlocking(job, false).andThen(ar -> inFlight.decrementAndGet());
    }
}
