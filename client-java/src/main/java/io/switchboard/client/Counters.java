package io.switchboard.client;

import io.switchboard.client.buffer.MessageBuffer;
import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link ClientStats}; written on the client's thread, read from any. */
final class Counters {
    final AtomicLong sentWebSocket = new AtomicLong();
    final AtomicLong sentHttp = new AtomicLong();
    final AtomicLong acked = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong reconnects = new AtomicLong();

    ClientStats snapshot(ConnectionStateMachine states, MessageBuffer buffer, int recovered) {
        return new ClientStats(sentWebSocket.get(), sentHttp.get(), acked.get(), rejected.get(), resent.get(), reconnects.get(),
                states.millisIn(ConnectionState.SENDING_HTTP), states.millisIn(ConnectionState.OFFLINE), buffer.dropped(),
                buffer.size(), recovered);
    }
}
