package io.switchboard.client.buffer;

import static io.switchboard.client.buffer.MessageBufferContract.add;
import static io.switchboard.client.buffer.MessageBufferContract.envelope;
import static io.switchboard.client.buffer.MessageBufferContract.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.testtags.NeedsProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The file buffer after a restart, a crash, a torn write, and long use. */
@Timeout(60)
@NeedsProcesses
class FileMessageBufferRecoveryTest {
    private static final BufferLimits ROOMY = new BufferLimits(100_000, 1L << 30, OverflowPolicy.REJECT_NEW);
    @TempDir
    Path dir;

    private FileMessageBuffer open() {
        return FileMessageBuffer.open(dir, ROOMY, false);
    }

    private List<String> files(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void unacked_messages_survive_a_restart_in_order_and_acked_ones_do_not_come_back() {
        long lastSeq;
        try (FileMessageBuffer b = open()) {
            BufferedMessage a = add(b, "a");
            add(b, "b");
            BufferedMessage c = add(b, "c");
            add(b, "d");
            b.remove(a.seq());
            b.remove(c.seq());
            lastSeq = b.peek(0, 10).get(1).seq();
        }
        try (FileMessageBuffer b = open()) {
            assertThat(ids(b.peek(0, 10))).containsExactly("b", "d");
            assertThat(b.peek(0, 10).get(0).envelope()).isEqualTo(envelope("b", 0));
            assertThat(b.peek(0, 10).get(0).createdAtMillis()).isEqualTo(1_000L);
            assertThat(add(b, "e").seq()).isGreaterThan(lastSeq);
        }
    }

    @Test
    void seqs_keep_increasing_across_restarts_even_when_everything_was_acked() {
        long seq;
        try (FileMessageBuffer b = open()) {
            for (int i = 0; i < 5; i++) {
                b.remove(add(b, "m" + i).seq());
            }
            seq = add(b, "last").seq();
            b.remove(seq);
        }
        try (FileMessageBuffer b = open()) {
            assertThat(b.size()).isZero();
            assertThat(add(b, "next").seq()).isGreaterThan(seq);
        }
    }

    @Test
    void a_torn_record_at_the_end_is_cut_off_and_appending_goes_on_cleanly() throws IOException {
        try (FileMessageBuffer b = open()) {
            add(b, "a");
            add(b, "b");
        }
        Path segment = dir.resolve(files("seg-").get(0));
        long whole = Files.size(segment);
        // A power failure in the middle of the third append: its header and half its record reached the disk.
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.APPEND)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {0, 0, 0, 90, 1, 2, 3, 4, '{', '"', 't'}));
        }
        try (FileMessageBuffer b = open()) {
            assertThat(Files.size(segment)).isEqualTo(whole);
            assertThat(ids(b.peek(0, 10))).containsExactly("a", "b");
            add(b, "c");
        }
        try (FileMessageBuffer b = open()) {
            assertThat(ids(b.peek(0, 10))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void a_corrupt_record_is_not_returned() throws IOException {
        try (FileMessageBuffer b = open()) {
            add(b, "a");
            add(b, "b");
        }
        Path segment = dir.resolve(files("seg-").get(0));
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length - 3] ^= 0x55;
        Files.write(segment, bytes);
        try (FileMessageBuffer b = open()) {
            assertThat(ids(b.peek(0, 10))).containsExactly("a");
        }
    }

    @Test
    void a_torn_removal_entry_is_cut_off_and_only_brings_its_message_back() throws IOException {
        try (FileMessageBuffer b = open()) {
            b.remove(add(b, "a").seq());
            b.remove(add(b, "b").seq());
        }
        Path acks = dir.resolve("acks.log");
        byte[] bytes = Files.readAllBytes(acks);
        Files.write(acks, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        try (FileMessageBuffer b = open()) {
            assertThat(ids(b.peek(0, 10))).containsExactly("b");
        }
    }

    @Test
    void segments_roll_and_are_deleted_once_all_their_messages_left() throws IOException {
        String big = "x".repeat(8_000);
        try (FileMessageBuffer b = open()) {
            List<BufferedMessage> all = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                all.add(b.append("m" + i, "location", envelope("m" + i, 0) + big, 0));
            }
            assertThat(files("seg-").size()).isGreaterThanOrEqualTo(3);
            for (BufferedMessage m : all.subList(0, 390)) {
                b.remove(m.seq());
            }
            assertThat(files("seg-")).hasSizeLessThanOrEqualTo(2);
        }
        try (FileMessageBuffer b = open()) {
            assertThat(b.size()).isEqualTo(10);
            assertThat(b.peek(0, 1).get(0).id()).isEqualTo("m390");
        }
    }

    @Test
    void the_removal_log_is_compacted_so_a_long_running_buffer_stays_small() throws IOException {
        try (FileMessageBuffer b = open()) {
            for (int i = 0; i < 20_000; i++) {
                b.remove(add(b, "m" + i).seq());
            }
            add(b, "kept");
        }
        assertThat(Files.size(dir.resolve("acks.log"))).isLessThan(8L * 10_000);
        assertThat(files("acks.tmp")).isEmpty();
        try (FileMessageBuffer b = open()) {
            assertThat(ids(b.peek(0, 10))).containsExactly("kept");
        }
    }

    @Test
    void a_directory_is_open_in_one_buffer_at_a_time() {
        try (FileMessageBuffer b = open()) {
            assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
        }
        open().close();
    }

    @Test
    void every_append_that_returned_survives_the_process_being_killed() throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classpath,
                AppendUntilKilled.class.getName(), dir.toString()).redirectErrorStream(true).start();
        List<String> appended = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (appended.size() < 2_000 && (line = out.readLine()) != null) {
                if (line.startsWith("appended ")) {
                    appended.add(line.substring("appended ".length()));
                }
            }
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(appended).hasSize(2_000);
        try (FileMessageBuffer b = open()) {
            List<String> kept = ids(b.peek(0, 1_000_000));
            // Every append the dead process reported is there, in order (it went on for a while before the kill landed),
            // and every removal it made stayed made, except perhaps the one it was killed before making.
            assertThat(kept.subList(0, appended.size())).isEqualTo(appended);
            List<String> removedOnes = kept.stream().filter(id -> Integer.parseInt(id.substring(1)) % 3 == 0).collect(Collectors.toList());
            assertThat(removedOnes).hasSizeLessThanOrEqualTo(1);
            if (!removedOnes.isEmpty()) {
                assertThat(kept.get(kept.size() - 1)).isEqualTo(removedOnes.get(0));
            }
        }
    }

    /** Appends (and acks every third message) until it is killed, printing the id of each append that returned. */
    public static final class AppendUntilKilled {
        public static void main(String[] args) {
            FileMessageBuffer b = FileMessageBuffer.open(Path.of(args[0]), ROOMY, false);
            for (int i = 0; ; i++) {
                BufferedMessage m = add(b, "m" + i);
                if (i % 3 == 0) {
                    b.remove(m.seq());
                } else {
                    System.out.println("appended m" + i);
                    System.out.flush();
                }
            }
        }
    }
}
