package io.switchboard.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What every scenario does around its measurement: refuse a target that is not this machine, arm a hard stop that
 * ends the process whatever happens, and sleep through the warm-up and the measured window.
 */
final class Phases {
    private static final Set<String> LOCAL_HOSTS = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

    private Phases() {
    }

    /** The URL as a URI when it is {@code scheme://<loopback>:PORT…}; else prints why and returns null. */
    static URI loopback(String url, String scheme) {
        URI uri = URI.create(url);
        if (!scheme.equals(uri.getScheme()) || uri.getHost() == null || !LOCAL_HOSTS.contains(uri.getHost()) || uri.getPort() <= 0) {
            System.err.println("bench: --url must be " + scheme + "://127.0.0.1:PORT (the load generator only targets this machine)");
            return null;
        }
        return uri;
    }

    /** Halts the process after {@code after}, from a daemon thread, with exit code 3. */
    static void hardStop(Duration after) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(after.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("bench: hard stop after " + Durations.format(after) + "; exiting");
            Runtime.getRuntime().halt(3);
        }, "hard-stop");
        t.setDaemon(true);
        t.start();
    }

    /** Sleeps until {@code System.nanoTime()} reaches {@code nanos}, calling {@code tick} at least every 200 ms. */
    static void sleepUntil(long nanos, Runnable tick) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 200_000_000L));
            tick.run();
        }
    }

    /** Sleeps until {@code System.nanoTime()} reaches {@code nanos}. */
    static void sleepUntil(long nanos) throws InterruptedException {
        sleepUntil(nanos, () -> { });
    }
}
