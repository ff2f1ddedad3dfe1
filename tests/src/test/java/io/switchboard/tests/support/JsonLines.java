package io.switchboard.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.protocol.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The output of a Node.js helper process read as one JSON event per line, for tests that drive a client nobody here
 * wrote (socket.io-client, npm {@code ws}) and wait for its events.
 */
public final class JsonLines {
    private JsonLines() {
    }

    /**
     * Adds each line {@code process} prints to {@code into} (synchronized on the list), on a daemon thread named
     * {@code threadName}, until the process ends; a line that is not JSON arrives as {@code {"ev":"output","line":…}}.
     */
    public static void follow(Process process, List<JsonNode> into, String threadName) {
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    JsonNode event;
                    try {
                        event = Json.parse(line);
                    } catch (RuntimeException e) {
                        event = Json.object().put("ev", "output").put("line", line);
                    }
                    synchronized (into) {
                        into.add(event);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }, threadName);
        reader.setDaemon(true);
        reader.start();
    }
}
