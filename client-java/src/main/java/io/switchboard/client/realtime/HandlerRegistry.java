package io.switchboard.client.realtime;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Handlers by message type, as the JS client's {@code registerHandlers}: every handler of a type runs, and one that
 * throws does not stop the others. Registered from any thread; dispatched on the client's thread.
 *
 * @param <H> the handler type
 */
final class HandlerRegistry<H> {
    private final Map<String, List<Entry<H>>> byType = new ConcurrentHashMap<>();

    private static final class Entry<H> {
        final H handler;

        Entry(H handler) {
            this.handler = handler;
        }
    }

    Registration register(String type, H handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        // Wrapped so that the same handler registered twice runs twice and each registration removes only itself.
        Entry<H> entry = new Entry<>(handler);
        byType.computeIfAbsent(type, t -> new CopyOnWriteArrayList<>()).add(entry);
        return () -> {
            List<Entry<H>> list = byType.get(type);
            if (list != null) {
                list.remove(entry);
            }
        };
    }

    /** Runs every handler of {@code type}; a throw goes to {@code onError}. Returns how many ran. */
    int dispatch(String type, Consumer<H> call, Consumer<Throwable> onError) {
        List<Entry<H>> list = byType.get(type);
        if (list == null) {
            return 0;
        }
        int ran = 0;
        for (Entry<H> e : list) {
            ran++;
            try {
                call.accept(e.handler);
            } catch (RuntimeException t) {
                onError.accept(t);
            }
        }
        return ran;
    }
}
