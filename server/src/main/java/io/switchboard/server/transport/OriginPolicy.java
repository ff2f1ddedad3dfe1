package io.switchboard.server.transport;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Which browser origins may open sockets and call the API. A request without {@code Origin} is not from a
 * browser page and cannot ride a user's ambient credentials, so it is allowed. Development mode also allows
 * pages on localhost.
 */
public final class OriginPolicy {
    private final Set<String> allowed;
    private final boolean any;
    private final boolean localhost;

    /** A policy for the configured origins. */
    public OriginPolicy(List<String> origins, boolean devMode) {
        this.any = origins.contains("*");
        this.allowed = Set.copyOf(origins.stream().map(OriginPolicy::normalise).toList());
        this.localhost = devMode;
    }

    /** Whether a request with this {@code Origin} header (may be null) is allowed. */
    public boolean allows(String origin) {
        if (origin == null || any) {
            return true;
        }
        String o = normalise(origin);
        if (allowed.contains(o)) {
            return true;
        }
        return localhost && isLocal(o);
    }

    /** The configured origins (for CORS). */
    public Set<String> origins() {
        return allowed;
    }

    /** Whether every origin is allowed. */
    public boolean allowsAny() {
        return any;
    }

    /** Whether localhost pages are allowed. */
    public boolean allowsLocalhost() {
        return localhost;
    }

    private static boolean isLocal(String origin) {
        try {
            String host = URI.create(origin).getHost();
            return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String o = origin.trim().toLowerCase();
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
