package io.switchboard.server.apps.ingest;

/** How a message reached the server: the metrics tell the two apart, the code path does not. */
enum Transport {
    /** A device socket, {@code /ws/ingest/…} or {@code /ws/ingest-auth/}. */
    WS("ws"),
    /** The fallback, {@code POST /api/ingest/}. */
    HTTP("http");

    private final String tag;

    Transport(String tag) {
        this.tag = tag;
    }

    /** The value of the {@code transport} tag. */
    String tag() {
        return tag;
    }
}
