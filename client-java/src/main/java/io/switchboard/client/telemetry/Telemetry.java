package io.switchboard.client.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One telemetry message's payload: {@link ScreenTime}, {@link Location} or {@link SiteAccess}, in the seed's JSON
 * shapes. Each checks at construction what the server would refuse no matter when it is sent (ranges, lengths),
 * so a programming error fails at the call site instead of in a rejection later.
 */
public interface Telemetry {
    /** The message type: {@code screen_time}, {@code location} or {@code site_access}. */
    String type();

    /** The {@code data} of the envelope, a new node on each call. */
    ObjectNode toData();
}
