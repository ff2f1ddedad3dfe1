package io.switchboard.tests.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import io.switchboard.testkit.SwitchboardTest;
import io.switchboard.testkit.TestServer;
import io.switchboard.tests.support.RawWebSocket;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code ack} and {@code resume} sent on {@code /ws/user/<id>} in one burst with pings between them, all in one TCP
 * write so that the server reads them in one go: what the server can answer at once (a ping, an ack of what is acked
 * already, a refused ack) is answered in the order sent, acks that wait for their commit are answered in the order
 * sent and only once committed, and a resume's answer follows its replay.
 */
@SwitchboardTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UserSocketReplyOrderTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void replies_that_need_no_commit_come_in_the_order_the_messages_were_sent(TestServer server) throws IOException {
        try (RawWebSocket ws = open(server, "ada")) {
            Inboxes.emit(server, "ada", "note", Json.object().put("i", 1));
            assertThat(next(ws).path("seq").asLong()).isEqualTo(1);
            ws.write(text(ack("a0", 1)));
            assertThat(next(ws).path("id").asText()).isEqualTo("a0");

            List<byte[]> burst = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                burst.add(text(ack("a" + (i + 1), 1))); // acked already: answered at once
                burst.add(text(ping("p" + i)));
                burst.add(text(ack("x" + i, 99))); // never sent on this socket: refused at once
                ids.add("a" + (i + 1));
                ids.add("p" + i);
                ids.add("x" + i);
            }
            ws.write(burst.toArray(byte[][]::new));

            List<String> replies = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                JsonNode reply = next(ws);
                replies.add(reply.path("id").asText());
                if (reply.path("id").asText().startsWith("x")) {
                    assertThat(reply.at("/error/field").asText()).isEqualTo("seq");
                }
            }
            assertThat(replies).isEqualTo(ids);
        }
    }

    @Test
    void acks_that_wait_for_their_commit_are_answered_in_order_and_a_resume_after_its_replay(TestServer server)
            throws IOException {
        try (RawWebSocket ws = open(server, "grace")) {
            for (int i = 1; i <= 5; i++) {
                Inboxes.emit(server, "grace", "note", Json.object().put("i", i));
            }
            for (int i = 1; i <= 5; i++) {
                assertThat(next(ws).path("seq").asLong()).isEqualTo(i);
            }
            ws.write(text(ack("a1", 1)), text(ping("p1")), text(ack("a2", 3)), text(ping("p2")),
                    text(resume("r1", 3)), text(ping("p3")), text(ack("a3", 5)), text(ping("p4")));

            List<JsonNode> frames = new ArrayList<>();
            while (frames.stream().noneMatch(f -> f.path("id").asText().equals("r1"))
                    || frames.stream().filter(f -> f.has("id")).count() < 8) {
                frames.add(next(ws));
            }
            List<String> ids = frames.stream().filter(f -> f.has("id")).map(f -> f.path("id").asText()).toList();
            assertThat(frames.stream().filter(f -> f.path("type").asText().equals("error"))).isEmpty();
            // Pongs in order, acks in order; the acks' relative place to the pongs depends on the commits.
            assertThat(ids.stream().filter(id -> id.startsWith("p"))).containsExactly("p1", "p2", "p3", "p4");
            assertThat(ids.stream().filter(id -> id.startsWith("a"))).containsExactly("a1", "a2", "a3");
            // The resume's replay (events 4 and 5 again) comes before its answer, which says where the socket is.
            int answer = indexOf(frames, "r1");
            assertThat(frames.subList(0, answer).stream().filter(f -> f.has("seq")).map(f -> f.path("seq").asLong()))
                    .containsExactly(4L, 5L);
            assertThat(frames.get(answer).at("/data/last_seq").asLong()).isEqualTo(5);
            // Answered means committed.
            assertThat(Inboxes.statuses(server, "grace")).containsExactly("delivered", "delivered", "delivered",
                    "delivered", "delivered");
        }
    }

    private static RawWebSocket open(TestServer server, String user) throws IOException {
        RawWebSocket ws = RawWebSocket.open(server.port(), TestServer.userPath(user) + "?token=" + server.token(user)
                + "&delivery=ack", WAIT);
        assertThat(next(ws).path("type").asText()).isEqualTo("connection_established");
        return ws;
    }

    /** The next text frame, as JSON (the server's pings are not answered: the test ends long before it matters). */
    private static JsonNode next(RawWebSocket ws) throws IOException {
        while (true) {
            RawWebSocket.Frame frame = ws.nextFrame();
            if (frame.opcode() == RawWebSocket.OP_TEXT) {
                return Json.parse(frame.text());
            }
        }
    }

    private static int indexOf(List<JsonNode> frames, String id) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).path("id").asText().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] text(JsonNode message) {
        return RawWebSocket.frame(true, 0, RawWebSocket.OP_TEXT, Json.write(message).getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode ack(String id, long seq) {
        return Json.object().put("type", "ack").put("id", id).put("seq", seq);
    }

    private static JsonNode ping(String id) {
        return Json.object().put("type", "ping").put("id", id);
    }

    private static JsonNode resume(String id, long lastSeq) {
        JsonNode m = Json.object().put("type", "resume").put("id", id);
        ((com.fasterxml.jackson.databind.node.ObjectNode) m).putObject("data").put("last_seq", lastSeq);
        return m;
    }
}
