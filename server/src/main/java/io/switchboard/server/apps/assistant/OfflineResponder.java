package io.switchboard.server.apps.assistant;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The built-in responder, for a node without a language model: it answers deterministically from the
 * conversation (what was said, how long, how far into the conversation), a word at a time with a short pause, so
 * that a page shows the reply streaming in. A regeneration says it is another take.
 */
final class OfflineResponder implements Responder {
    /** The pause between two words. */
    static final long WORD_MILLIS = 25;
    private static final int QUOTE_CHARS = 120;

    private final Vertx vertx;

    OfflineResponder(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return "offline";
    }

    @Override
    public Future<String> respond(List<Turn> turns, int attempt, Consumer<String> onToken) {
        String reply = compose(turns, attempt);
        List<String> pieces = new ArrayList<>();
        for (String word : reply.split(" ")) {
            pieces.add(pieces.isEmpty() ? word : " " + word);
        }
        Promise<String> done = Promise.promise();
        emit(pieces, 0, onToken, done, reply);
        return done.future();
    }

    /** The reply to the last turn. */
    static String compose(List<Turn> turns, int attempt) {
        String last = turns.isEmpty() ? "" : turns.get(turns.size() - 1).content().strip();
        long asked = turns.stream().filter(t -> t.role().equals(ChatMessage.USER)).count();
        String quote = last.length() > QUOTE_CHARS ? last.substring(0, QUOTE_CHARS) + "…" : last;
        int words = last.isEmpty() ? 0 : last.split("\\s+").length;
        String lead = attempt > 1 ? "Another take (#" + attempt + "): you said" : "You said";
        return lead + " \"" + quote.replaceAll("\\s+", " ") + "\" (" + words + (words == 1 ? " word" : " words")
                + "). That is message " + asked + " from you in this conversation.";
    }

    private void emit(List<String> pieces, int i, Consumer<String> onToken, Promise<String> done, String reply) {
        if (i == pieces.size()) {
            done.complete(reply);
            return;
        }
        onToken.accept(pieces.get(i));
        vertx.setTimer(WORD_MILLIS, t -> emit(pieces, i + 1, onToken, done, reply));
    }
}
