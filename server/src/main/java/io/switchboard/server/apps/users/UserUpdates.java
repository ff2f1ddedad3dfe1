package io.switchboard.server.apps.users;

/**
 * What the users app offers the apps built on its users table (the accounts app): a change made outside its API
 * reaches the windows watching {@code users:updates} as one made through it. The users app provides it through
 * {@link io.switchboard.server.app.AppServices} when it mounts.
 */
public interface UserUpdates {
    /** Broadcasts {@code {"action", "user"}} as a {@code user_update} on {@code users:updates}; fire and forget. */
    void broadcast(String action, User user);
}
