package io.switchboard.server.apps.accounts;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.server.apps.users.User;

/**
 * A user who can sign in: a row of the users table with a username. Carries no password hash, so nothing that
 * renders an account can leak one.
 *
 * @param user     the record as the users API shows it
 * @param username lower-case, 3 to 32 of {@code a-z 0-9 _ . -}; null for a user created through the users API
 */
public record Account(User user, String username) {

    /** The id, which is also the subject of the account's tokens. */
    public long id() {
        return user.id();
    }

    /** The users API's JSON shape plus {@code username}. */
    public ObjectNode toJson() {
        ObjectNode o = user.toJson();
        o.put("username", username);
        return o;
    }
}
