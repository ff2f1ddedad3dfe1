package io.switchboard.server.gateway;

import java.util.Objects;

/**
 * A typed key of per-session state: an app makes one constant per kind of state it keeps on a {@link Session},
 * and reads it back as that type without a cast. Keys are compared by identity, so two apps never collide.
 *
 * @param <T> the type of the value stored under the key
 */
public final class SessionKey<T> {
    private final String name;
    private final Class<T> type;

    private SessionKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name);
        this.type = Objects.requireNonNull(type);
    }

    /** A key for values of {@code type}; {@code name} is for logs and debugging only. */
    public static <T> SessionKey<T> of(String name, Class<T> type) {
        return new SessionKey<>(name, type);
    }

    /** The value as the key's type; a value stored under this key always is one. */
    T cast(Object value) {
        return type.cast(value);
    }

    @Override
    public String toString() {
        return name;
    }
}
