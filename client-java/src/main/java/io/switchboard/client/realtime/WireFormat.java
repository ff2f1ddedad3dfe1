package io.switchboard.client.realtime;

/**
 * How frames travel on the socket: the JSON protocol's text frames, or the binary protocol's MessagePack (sub-protocol
 * {@code switchboard.msgpack}, docs/PROTOCOL.md "Binary protocol (MessagePack), version 1"). The application sees the
 * same {@code JsonNode}s either way.
 */
public enum WireFormat {
    /** JSON envelopes in text frames (the default). */
    JSON,
    /**
     * The same envelopes in MessagePack, in binary frames: smaller and cheaper to parse. Offered as
     * {@code switchboard.msgpack}; a server that does not answer with it is spoken to in JSON.
     */
    MSGPACK
}
