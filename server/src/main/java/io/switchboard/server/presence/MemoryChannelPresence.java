package io.switchboard.server.presence;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Channel presence on one node. Bounded by the subscriptions the node admits; an empty channel has no entry. */
public final class MemoryChannelPresence implements ChannelPresence {
    private final Map<String, Map<String, ChannelClient>> byChannel = new ConcurrentHashMap<>();

    @Override
    public Future<Void> add(String channel, ChannelClient client) {
        byChannel.compute(channel, (c, clients) -> {
            Map<String, ChannelClient> to = clients == null ? new ConcurrentHashMap<>() : clients;
            to.put(client.sessionId(), client);
            return to;
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<Void> remove(String channel, String sessionId) {
        byChannel.computeIfPresent(channel, (c, clients) -> {
            clients.remove(sessionId);
            return clients.isEmpty() ? null : clients;
        });
        return Future.succeededFuture();
    }

    @Override
    public Future<List<ChannelClient>> clients(String channel) {
        Map<String, ChannelClient> clients = byChannel.get(channel);
        return Future.succeededFuture(clients == null ? List.of() : List.copyOf(clients.values()));
    }
}
