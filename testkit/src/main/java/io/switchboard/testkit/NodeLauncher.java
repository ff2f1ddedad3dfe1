package io.switchboard.testkit;

import io.switchboard.server.cli.Main;
import java.io.IOException;

/**
 * The main class of a {@link NodeProcess}: runs the {@code switchboard} command line and ends the process when its
 * standard input closes, which happens when the test JVM that started it goes away, however it went (even killed),
 * so that no node outlives its test run. Not for direct use.
 */
public final class NodeLauncher {
    private NodeLauncher() {
    }

    /** Runs {@link Main#main} with {@code args}, watching standard input on a daemon thread. */
    public static void main(String[] args) {
        Thread watch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Nothing is ever written; reading only waits for the end.
                }
            } catch (IOException e) {
                // The parent is gone either way.
            }
            System.exit(0);
        }, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        Main.main(args);
    }
}
