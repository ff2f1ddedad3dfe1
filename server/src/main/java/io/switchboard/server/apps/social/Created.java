package io.switchboard.server.apps.social;

/**
 * A stored row, and whether this request stored it (false when a retry with the same {@code client_id}, or a
 * second request for the same direct conversation, found the one stored before).
 *
 * @param value   the row
 * @param created whether this request created it
 */
record Created<T>(T value, boolean created) {
    /** 201 when created, 200 when found. */
    int status() {
        return created ? 201 : 200;
    }
}
