package io.switchboard.bench;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One Vert.x context per client event loop. A socket belongs to the event loop of the context it was opened
 * from, so opening socket {@code i} from lane {@code i % n} spreads the connections evenly over the loops.
 */
final class Lanes {
    private final List<Context> contexts = new CopyOnWriteArrayList<>();

    private Lanes() {
    }

    /** Deploys {@code n} empty verticles (Vert.x gives each its own event loop) and keeps their contexts. */
    static Lanes deploy(Vertx vertx, int n) throws Exception {
        Lanes lanes = new Lanes();
        vertx.deployVerticle(() -> new VerticleBase() {
            @Override
            public Future<?> start() {
                lanes.contexts.add(context);
                return Future.succeededFuture();
            }
        }, new DeploymentOptions().setInstances(n)).await(30, TimeUnit.SECONDS);
        return lanes;
    }

    Context get(int i) {
        return contexts.get(Math.floorMod(i, contexts.size()));
    }

    int size() {
        return contexts.size();
    }
}
