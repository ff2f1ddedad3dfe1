package io.switchboard.server.apps.ingest;

import io.switchboard.server.auth.Principal;
import io.switchboard.server.channel.ChannelAction;
import io.switchboard.server.channel.ChannelAuthorizer;
import io.switchboard.server.channel.ChannelName;
import io.vertx.core.Future;

/**
 * Channel {@code child:<id>}: every telemetry event of one child, published by the server after its commit.
 * Only the child's parent may subscribe; nobody may publish from a socket.
 */
final class ChildChannel implements ChannelAuthorizer {
    /** The namespace. */
    static final String NAMESPACE = "child";

    private final ChildDirectory children;

    ChildChannel(ChildDirectory children) {
        this.children = children;
    }

    /** The channel of a child, {@code child:<id>}. */
    static String of(long childId) {
        return NAMESPACE + ":" + childId;
    }

    /** The same, as a name. */
    static ChannelName name(long childId) {
        return new ChannelName(NAMESPACE, Long.toString(childId));
    }

    @Override
    public Future<Boolean> authorize(Principal principal, ChannelName channel, ChannelAction action) {
        if (action != ChannelAction.SUBSCRIBE || !channel.name().matches("[1-9][0-9]{0,17}")) {
            return Future.succeededFuture(false);
        }
        return children.byId(Long.parseLong(channel.name()))
                .map(child -> child.map(c -> c.parentId().equals(principal.userId())).orElse(false));
    }
}
