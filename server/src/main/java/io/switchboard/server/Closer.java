package io.switchboard.server;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts a start built so far, closed last first: when a later step fails, and at the end of a shutdown. One
 * part that does not close cleanly is logged and does not keep the others open.
 */
final class Closer {
    private static final Logger LOG = LoggerFactory.getLogger(Closer.class);
    private final Deque<Runnable> actions = new ArrayDeque<>();

    /** Registers how to close {@code part}; returns it. */
    synchronized <T> T add(T part, Consumer<T> close) {
        actions.push(() -> close.accept(part));
        return part;
    }

    /** Closes every part registered, last first, once. */
    void closeAll() {
        while (true) {
            Runnable action;
            synchronized (this) {
                action = actions.poll();
            }
            if (action == null) {
                return;
            }
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("a part of the node did not close cleanly: {}", e.toString());
            }
        }
    }
}
