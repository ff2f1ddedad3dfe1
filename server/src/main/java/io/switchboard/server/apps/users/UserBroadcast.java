package io.switchboard.server.apps.users;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.channel.ChannelFrames;
import io.switchboard.server.channel.ChannelRegistry;

/** {@link UserUpdates} on the channel registry: one publication on {@code users:updates} per change. */
final class UserBroadcast implements UserUpdates {
    private final ChannelRegistry channels;

    UserBroadcast(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public void broadcast(String action, User user) {
        ObjectNode data = Json.object();
        data.put("action", action);
        data.set("user", user.toJson());
        channels.publish(ChannelFrames.event(UsersApp.UPDATES, UsersApp.USER_UPDATE, data));
    }
}
