package io.switchboard.server.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.LoggerContext;
import io.switchboard.server.config.InvalidSettingException;
import io.switchboard.server.config.SettingValues;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The shipped logging never makes an event loop wait, and its settings refuse what they cannot do. */
class LoggingTest {
    @Test
    void every_event_goes_through_a_bounded_queue_that_drops_rather_than_blocks() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        var appender = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender(Logging.ASYNC);
        assertThat(appender).isInstanceOf(AsyncAppender.class);
        AsyncAppender async = (AsyncAppender) appender;
        assertThat(async.isNeverBlock()).isTrue();
        assertThat(async.getQueueSize()).isBetween(1, 65_536);
        assertThat(async.getDiscardingThreshold()).isZero();
    }

    @Test
    void the_format_and_level_are_checked_and_the_access_log_is_off_by_default() {
        assertThat(LogSettings.from(SettingValues.of(Map.of()))).isEqualTo(new LogSettings("text", "INFO", false));
        assertThat(LogSettings.from(SettingValues.of(Map.of("log-format", "JSON", "log-level", "debug", "access-log", "true"))))
                .isEqualTo(new LogSettings("json", "DEBUG", true));
        assertThatThrownBy(() -> LogSettings.from(SettingValues.of(Map.of("log-format", "xml"))))
                .isInstanceOf(InvalidSettingException.class).hasMessage("invalid setting 'log-format': must be text or json, got 'xml'");
        assertThatThrownBy(() -> LogSettings.from(SettingValues.of(Map.of("log-level", "loud"))))
                .isInstanceOf(InvalidSettingException.class).hasMessageStartingWith("invalid setting 'log-level': must be one of");
    }
}
