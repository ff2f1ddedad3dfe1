package io.switchboard.server.app;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What installed apps offer each other. An app that others build on provides an interface it owns when it mounts;
 * an app that needs it requires it when it mounts, after, so a missing or misordered app stops the start with a
 * line naming both rather than failing at the first request.
 */
public final class AppServices {
    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

    /** Offers {@code service} as the node's {@code type}; a second provider of one type is refused. */
    public <T> void provide(Class<T> type, T service) {
        if (services.putIfAbsent(type, type.cast(service)) != null) {
            throw new IllegalStateException("two apps provide " + type.getSimpleName());
        }
    }

    /** The {@code type} an app installed before provided, if one did: for what an app can do without. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    /**
     * The {@code type} an app installed before {@code requiredBy} provided.
     *
     * @param requiredBy the name of the app asking, for the message when none did
     */
    public <T> T require(Class<T> type, String requiredBy) {
        Object service = services.get(type);
        if (service == null) {
            throw new IllegalStateException("the " + requiredBy + " app requires " + type.getSimpleName()
                    + ": install the app that provides it before " + requiredBy);
        }
        return type.cast(service);
    }
}
