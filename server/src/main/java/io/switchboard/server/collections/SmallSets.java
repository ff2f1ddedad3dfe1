package io.switchboard.server.collections;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Sets kept per user (their sessions, their sockets) as values of a {@link ConcurrentHashMap}, changed only inside
 * its {@code compute} calls. Most users have one or two, and a concurrent set costs hundreds of bytes where an
 * immutable one of that size costs a few dozen: a set stays immutable, replaced whole on a change, up to
 * {@link #SMALL} elements, and becomes a concurrent set past that, so that a user with thousands of sessions does not
 * pay a copy per open and close. Readers iterate either kind without a lock.
 */
public final class SmallSets {
    /** Elements an immutable set holds at most before it becomes a concurrent one. */
    public static final int SMALL = 8;

    private SmallSets() {
    }

    /** {@code set} (null: none yet) with {@code element}; inside the map's compute for the key. */
    public static <T> Set<T> with(Set<T> set, T element) {
        if (set == null) {
            // 16 bytes where Set.of's one-element set takes 24: most users have one socket, and each has three sets.
            return java.util.Collections.singleton(element);
        }
        if (set instanceof ConcurrentHashMap.KeySetView) {
            set.add(element);
            return set;
        }
        if (set.size() < SMALL) {
            return Stream.concat(set.stream(), Stream.of(element)).collect(Collectors.toUnmodifiableSet());
        }
        Set<T> large = ConcurrentHashMap.newKeySet();
        large.addAll(set);
        large.add(element);
        return large;
    }

    /** {@code set} without {@code element}, or null once empty (the map then drops the key); inside its compute. */
    public static <T> Set<T> without(Set<T> set, T element) {
        if (set instanceof ConcurrentHashMap.KeySetView) {
            set.remove(element);
            return set.isEmpty() ? null : set;
        }
        Set<T> left = set.stream().filter(e -> !e.equals(element)).collect(Collectors.toUnmodifiableSet());
        return left.isEmpty() ? null : left;
    }
}
