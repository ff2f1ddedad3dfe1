package io.switchboard.client.realtime;

/** How many sessions and distinct users are subscribed to a channel with presence. Immutable. */
public final class PresenceStats {
    private final int numClients;
    private final int numUsers;

    PresenceStats(int numClients, int numUsers) {
        this.numClients = numClients;
        this.numUsers = numUsers;
    }

    /** Sessions subscribed. */
    public int numClients() {
        return numClients;
    }

    /** Distinct users among them. */
    public int numUsers() {
        return numUsers;
    }

    @Override
    public String toString() {
        return numClients + " clients, " + numUsers + " users";
    }
}
