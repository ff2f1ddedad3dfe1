package io.switchboard.server.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What a connect hook is told a WebSocket will speak, read off the client's offer as the handshake will choose. */
class ClientWireTest {
    @Test
    void the_first_offered_protocol_the_server_speaks_wins() {
        assertThat(ClientWire.webSocket("switchboard.msgpack, switchboard, bearer.x")).isEqualTo(new ClientWire("websocket", "msgpack"));
        assertThat(ClientWire.webSocket("bearer.x,switchboard,switchboard.msgpack")).isEqualTo(new ClientWire("websocket", "json"));
        assertThat(ClientWire.webSocket("chat, switchboard.msgpack")).isEqualTo(new ClientWire("websocket", "msgpack"));
    }

    @Test
    void no_offer_or_none_the_server_speaks_is_json() {
        assertThat(ClientWire.webSocket(null)).isEqualTo(new ClientWire("websocket", "json"));
        assertThat(ClientWire.webSocket("")).isEqualTo(new ClientWire("websocket", "json"));
        assertThat(ClientWire.webSocket("mqtt")).isEqualTo(new ClientWire("websocket", "json"));
        assertThat(ClientWire.json("sse")).isEqualTo(new ClientWire("sse", "json"));
    }
}
