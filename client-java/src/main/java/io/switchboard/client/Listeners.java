package io.switchboard.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The app's listeners; a listener that throws is logged and does not stop the client or the other listeners. */
final class Listeners {
    private static final Logger LOG = Logger.getLogger("io.switchboard.client");

    private final List<StateListener> states;
    private final List<PushListener> pushes;
    private final List<FatalListener> fatals;
    private final List<DeliveryListener> deliveries;

    Listeners(ClientBuilder b) {
        this.states = new ArrayList<>(b.stateListeners);
        this.pushes = new ArrayList<>(b.pushListeners);
        this.fatals = new ArrayList<>(b.fatalListeners);
        this.deliveries = new ArrayList<>(b.deliveryListeners);
    }

    void state(ConnectionState previous, ConnectionState current) {
        for (StateListener l : states) {
            guard(() -> l.onStateChanged(previous, current));
        }
    }

    void push(String type, JsonNode frame) {
        for (PushListener l : pushes) {
            guard(() -> l.onPush(type, frame));
        }
    }

    void fatal(FatalError error) {
        for (FatalListener l : fatals) {
            guard(() -> l.onFatal(error));
        }
    }

    void acked(Delivery d) {
        for (DeliveryListener l : deliveries) {
            guard(() -> l.onAcked(d));
        }
    }

    void rejected(Delivery d, ServerError e) {
        for (DeliveryListener l : deliveries) {
            guard(() -> l.onRejected(d, e));
        }
    }

    void dropped(String id, String type) {
        for (DeliveryListener l : deliveries) {
            guard(() -> l.onDropped(id, type));
        }
    }

    private static void guard(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a Switchboard client listener threw", e);
        }
    }
}
