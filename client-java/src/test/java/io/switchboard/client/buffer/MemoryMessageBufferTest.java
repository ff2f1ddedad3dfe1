package io.switchboard.client.buffer;

import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MemoryMessageBufferTest extends MessageBufferContract {
    @Override
    MessageBuffer create(BufferLimits limits) {
        return new MemoryMessageBuffer(limits);
    }
}
