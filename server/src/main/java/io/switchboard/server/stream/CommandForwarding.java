package io.switchboard.server.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.protocol.Json;
import io.switchboard.server.control.NodeAnswer;
import io.switchboard.server.control.NodeControl;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands for a session on another node, over the nodes' control channel ({@link NodeControl}): every node is asked,
 * the one holding the session hands the messages to it and says so, the others say they do not have it. No sticky
 * sessions: any node takes a command.
 */
final class CommandForwarding {
    static final String QUESTION = "stream_command";

    /** What became of a command. */
    enum Outcome { DELIVERED, NOT_OWNER, UNKNOWN_SESSION }

    private final NodeControl control;

    private CommandForwarding(NodeControl control) {
        this.control = control;
    }

    /** Answers the other nodes' commands from this node's streams. */
    static CommandForwarding install(NodeControl control, StreamSessions streams) {
        control.answer(QUESTION, args -> {
            ObjectNode out = Json.object();
            StreamSocket socket = streams.get(args.path("session").asText());
            if (socket == null) {
                return Future.succeededFuture(out.put("found", false));
            }
            out.put("found", true);
            if (!args.path("user").asText().equals(socket.userId())) {
                return Future.succeededFuture(out.put("owner", false));
            }
            List<String> messages = new ArrayList<>();
            args.path("messages").forEach(m -> messages.add(m.asText()));
            socket.deliver(messages);
            return Future.succeededFuture(out.put("owner", true));
        });
        return new CommandForwarding(control);
    }

    /** Sends {@code messages} (JSON text each) from {@code userId} to session {@code sessionId}, wherever it is. */
    Future<Outcome> send(String sessionId, String userId, List<String> messages) {
        ObjectNode args = Json.object().put("session", sessionId).put("user", userId);
        ArrayNode list = args.putArray("messages");
        messages.forEach(list::add);
        return control.ask(QUESTION, args).map(answers -> {
            for (NodeAnswer a : answers) {
                JsonNode answer = a.answer();
                if (answer.path("found").asBoolean(false)) {
                    return answer.path("owner").asBoolean(false) ? Outcome.DELIVERED : Outcome.NOT_OWNER;
                }
            }
            return Outcome.UNKNOWN_SESSION;
        });
    }
}
