package io.switchboard.client.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.client.ConnectionState;
import io.switchboard.client.Delivery;
import io.switchboard.client.DeliveryListener;
import io.switchboard.client.FatalError;
import io.switchboard.client.ServerError;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records everything a client tells its listeners, for assertions. */
public final class Recorder implements DeliveryListener {
    public final List<ConnectionState> states = new CopyOnWriteArrayList<>();
    public final List<String> pushes = new CopyOnWriteArrayList<>();
    public final List<FatalError> fatals = new CopyOnWriteArrayList<>();
    public final Map<String, Delivery> acked = new ConcurrentHashMap<>();
    public final Map<String, ServerError> rejected = new ConcurrentHashMap<>();
    public final List<String> dropped = new CopyOnWriteArrayList<>();

    public void state(ConnectionState from, ConnectionState to) {
        states.add(to);
    }

    public void push(String type, JsonNode frame) {
        pushes.add(type);
    }

    public void fatal(FatalError e) {
        fatals.add(e);
    }

    @Override
    public void onAcked(Delivery d) {
        acked.put(d.id(), d);
    }

    @Override
    public void onRejected(Delivery d, ServerError e) {
        rejected.put(d.id(), e);
    }

    @Override
    public void onDropped(String id, String type) {
        dropped.add(id);
    }
}
