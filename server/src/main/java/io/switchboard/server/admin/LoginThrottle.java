package io.switchboard.server.admin;

import io.switchboard.server.limits.TokenBucket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sign-in attempts allowed: {@code perAddress} a minute from one client address, and {@code perNode} a minute from
 * all of them together, so that neither one address nor many can guess the password at speed. At most
 * {@code maxAddresses} addresses are tracked (the quietest are forgotten first). Thread-safe.
 */
final class LoginThrottle {
    private final int perAddress;
    private final TokenBucket node;
    private final Map<String, TokenBucket> addresses;

    LoginThrottle(int perAddress, int perNode, int maxAddresses) {
        this.perAddress = perAddress;
        this.node = TokenBucket.perMinute(perNode, perNode, System.nanoTime());
        this.addresses = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, TokenBucket> eldest) {
                return size() > maxAddresses;
            }
        };
    }

    /** Takes one attempt for {@code address}; returns whether it may go ahead. */
    synchronized boolean tryTake(String address, long nowNanos) {
        TokenBucket bucket = addresses.computeIfAbsent(address, a -> TokenBucket.perMinute(perAddress, perAddress, nowNanos));
        return bucket.tryTake(nowNanos) && node.tryTake(nowNanos);
    }

    /** Seconds until an address that used its attempts has one again. */
    int retryAfterSeconds() {
        return Math.max(1, (60 + perAddress - 1) / perAddress);
    }
}
