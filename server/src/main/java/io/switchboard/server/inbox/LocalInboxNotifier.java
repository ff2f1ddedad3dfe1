package io.switchboard.server.inbox;

import io.vertx.core.Future;
import java.util.function.Consumer;

/** The single-node notifier: an event goes straight to this node's listener, on the caller's thread. */
public final class LocalInboxNotifier implements InboxNotifier {
    private volatile Consumer<InboxEvent> listener = e -> { };

    @Override
    public void listener(Consumer<InboxEvent> listener) {
        this.listener = listener;
    }

    @Override
    public void publish(InboxEvent event) {
        listener.accept(event);
    }

    @Override
    public Future<Void> close() {
        return Future.succeededFuture();
    }
}
