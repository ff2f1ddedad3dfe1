package io.switchboard.server.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link LogSettings} to the logback set-up of {@code logback.xml}: the root level and, for {@code json},
 * the encoder of the console appender. Events pass through logback's {@code AsyncAppender} declared there (a queue
 * of 8192 events, {@code neverBlock}: when it is full an event is dropped, so an event loop never waits for the
 * console), and {@link #flush()} writes what is queued before the process exits.
 */
public final class Logging {
    static final String ASYNC = "ASYNC";
    static final String CONSOLE = "STDERR";

    private Logging() {
    }

    /** Sets the level and format of the process's log; a no-op when logback is not the SLF4J binding. */
    public static void apply(LogSettings settings) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(settings.level(), Level.INFO));
        if (settings.json() && root.getAppender(ASYNC) instanceof AsyncAppenderBase<ILoggingEvent> async
                && async.getAppender(CONSOLE) instanceof OutputStreamAppender<ILoggingEvent> console) {
            JsonLineEncoder encoder = new JsonLineEncoder();
            encoder.setContext(context);
            encoder.start();
            console.stop();
            console.setEncoder(encoder);
            console.start();
        }
    }

    /** Writes the queued events and stops logging: the last call of a process that is exiting. */
    public static void flush() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
