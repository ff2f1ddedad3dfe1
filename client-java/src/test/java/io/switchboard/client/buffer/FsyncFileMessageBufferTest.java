package io.switchboard.client.buffer;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The contract again with fsync on: the force runs outside the buffer's lock, and nothing else may change. */
@Timeout(60)
class FsyncFileMessageBufferTest extends MessageBufferContract {
    private static final AtomicInteger N = new AtomicInteger();
    @TempDir
    Path dir;

    @Override
    MessageBuffer create(BufferLimits limits) {
        return FileMessageBuffer.open(dir.resolve("b" + N.incrementAndGet()), limits, true);
    }
}
