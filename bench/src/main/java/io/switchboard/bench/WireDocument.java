package io.switchboard.bench;

import java.nio.charset.StandardCharsets;

/**
 * The document of the wire scenario: a JSON object of about a given size (2 KB by default), republished whole with
 * one field ({@code version}) changing each time, as a document channel does (a shared list, a form, a dashboard).
 */
final class WireDocument {
    private final String prefix;
    private final String suffix;

    /** A document of at least {@code bytes} bytes of JSON (a few dozen more at most). */
    WireDocument(int bytes) {
        StringBuilder items = new StringBuilder();
        String head = "{\"id\":\"doc-42\",\"title\":\"Quarterly plan\",\"updated_by\":\"user-7\",\"version\":";
        String[] tags = {"design", "backend", "mobile", "ops", "research"};
        for (int i = 1; head.length() + items.length() + 40 < bytes; i++) {
            if (i > 1) {
                items.append(',');
            }
            items.append("{\"id\":").append(i).append(",\"title\":\"Item ").append(i).append(" of the plan\",\"owner\":\"user-")
                    .append(i % 9).append("\",\"done\":").append(i % 3 == 0).append(",\"tags\":[\"").append(tags[i % tags.length])
                    .append("\"],\"estimate\":").append(i * 3 % 17).append('}');
        }
        this.prefix = head;
        this.suffix = ",\"items\":[" + items + "]}";
    }

    /** The document's JSON at {@code version}. */
    String json(long version) {
        return prefix + version + suffix;
    }

    /** Its size in bytes at version 1. */
    int size() {
        return json(1).getBytes(StandardCharsets.UTF_8).length;
    }
}
