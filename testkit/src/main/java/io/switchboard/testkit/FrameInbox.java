package io.switchboard.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import io.switchboard.protocol.MsgPack;
import com.fasterxml.jackson.databind.node.TextNode;
import io.switchboard.protocol.Json;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * The frames a {@link TestClient} received and has not yet read, bounded. Reading from the network is driven
 * by demand: one frame is requested at a time, and only while the inbox has room and reading is not paused,
 * so a full or paused inbox stops reading from TCP and the server sees a slow consumer.
 */
final class FrameInbox implements WebSocket.Listener {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<JsonNode> frames = new ArrayDeque<>();
    private final int capacity;
    private final StringBuilder partialText = new StringBuilder();
    private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();
    private WebSocket socket;
    private boolean paused;
    private boolean discarding;
    private boolean demanded;
    private CloseStatus close;

    FrameInbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("inbox capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        lock.lock();
        try {
            socket = webSocket;
        } finally {
            lock.unlock();
        }
        requestIfRoom();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        JsonNode frame = null;
        lock.lock();
        try {
            partialText.append(data);
            if (last) {
                String text = partialText.toString();
                partialText.setLength(0);
                frame = parse(text);
            }
        } finally {
            lock.unlock();
        }
        received(frame);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        JsonNode frame = null;
        lock.lock();
        try {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partialBinary.writeBytes(chunk);
            if (last) {
                frame = binary(partialBinary.toByteArray());
                partialBinary.reset();
            }
        } finally {
            lock.unlock();
        }
        received(frame);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        // The JDK answers pings with pongs by itself; a ping still uses one unit of demand.
        received(null);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        received(null);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        ended(new CloseStatus(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        ended(new CloseStatus(CloseStatus.ABNORMAL, "connection failed: " + error));
    }

    /** A binary frame: an envelope on a socket of the binary protocol when it is one, else kept as bytes to show. */
    private JsonNode binary(byte[] bytes) {
        if (socket != null && ConnectOptions.MSGPACK_SUBPROTOCOL.equals(socket.getSubprotocol())) {
            try {
                return MsgPack.read(bytes);
            } catch (RuntimeException e) {
                // Not MessagePack of the protocol: kept as bytes so that a failing wait can show it.
            }
        }
        return BinaryNode.valueOf(bytes);
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (Exception e) {
            // Not JSON: kept as text so that a failing wait can show it.
            return TextNode.valueOf(text);
        }
    }

    private void received(JsonNode frame) {
        lock.lock();
        try {
            demanded = false;
            if (frame != null && !discarding) {
                frames.addLast(frame);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
        requestIfRoom();
    }

    private void ended(CloseStatus status) {
        lock.lock();
        try {
            demanded = false;
            if (close == null) {
                close = status;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void requestIfRoom() {
        WebSocket target = null;
        lock.lock();
        try {
            if (socket != null && close == null && !demanded && !paused && frames.size() < capacity) {
                demanded = true;
                target = socket;
            }
        } finally {
            lock.unlock();
        }
        // Outside the lock: the JDK may deliver the next frame on this very thread.
        if (target != null) {
            target.request(1);
        }
    }

    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            paused = false;
        } finally {
            lock.unlock();
        }
        requestIfRoom();
    }

    /** Drops what is unread and everything that arrives from now on, and keeps reading (for closing). */
    void discardAll() {
        lock.lock();
        try {
            discarding = true;
            paused = false;
            frames.clear();
        } finally {
            lock.unlock();
        }
        requestIfRoom();
    }

    CloseStatus closeStatus() {
        lock.lock();
        try {
            return close;
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the first unread frame that matches, waiting for one; AssertionError on timeout or close. */
    JsonNode take(Predicate<JsonNode> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Iterator<JsonNode> it = frames.iterator(); it.hasNext(); ) {
                    JsonNode frame = it.next();
                    if (match.test(frame)) {
                        it.remove();
                        lock.unlock();
                        try {
                            requestIfRoom();
                        } finally {
                            lock.lock();
                        }
                        return frame;
                    }
                }
                if (close != null) {
                    throw new AssertionError("expected " + what + " but the connection was closed (" + close + "); "
                            + describeUnread());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + what + " within " + timeout.toMillis() + " ms but none came; "
                            + describeUnread() + (paused ? "; reading is paused" : ""));
                }
                awaitChange(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails if a frame is unread now or arrives within {@code window}. */
    void assertNothing(Duration window, String what) {
        long deadline = System.nanoTime() + window.toNanos();
        lock.lock();
        try {
            while (true) {
                if (!frames.isEmpty()) {
                    throw new AssertionError("expected no " + what + " within " + window.toMillis() + " ms but got "
                            + shorten(frames.peekFirst()) + "; " + describeUnread());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || close != null) {
                    return;
                }
                awaitChange(left);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the close, dropping unread frames (and those still arriving) so that the close can come through. */
    CloseStatus awaitClose(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int dropped = 0;
        lock.lock();
        try {
            while (close == null) {
                if (!frames.isEmpty()) {
                    dropped += frames.size();
                    frames.clear();
                    lock.unlock();
                    try {
                        requestIfRoom();
                    } finally {
                        lock.lock();
                    }
                    continue;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected the server to close the connection within " + timeout.toMillis()
                            + " ms but it stayed open (" + dropped + " frames skipped while waiting"
                            + (paused ? "; reading is paused" : "") + ")");
                }
                awaitChange(left);
            }
            return close;
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange(long nanos) {
        try {
            changed.await(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a frame", e);
        }
    }

    private String describeUnread() {
        if (frames.isEmpty()) {
            return "no unread frames";
        }
        StringBuilder sb = new StringBuilder().append(frames.size()).append(" unread frame(s)")
                .append(frames.size() >= capacity ? " (inbox full, reading stopped)" : "").append(": ");
        int shown = 0;
        for (JsonNode f : frames) {
            if (shown++ == 5) {
                sb.append(", ...");
                break;
            }
            sb.append(shown > 1 ? ", " : "").append(shorten(f));
        }
        return sb.toString();
    }

    private static String shorten(JsonNode frame) {
        String s = frame.isTextual() ? "text " + frame.textValue() : frame.toString();
        return s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }
}
