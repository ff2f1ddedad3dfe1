package io.switchboard.client;

import static io.switchboard.client.ConnectionState.CONNECTED_WEBSOCKET;
import static io.switchboard.client.ConnectionState.CONNECTING;
import static io.switchboard.client.ConnectionState.OFFLINE;
import static io.switchboard.client.ConnectionState.SENDING_HTTP;
import static io.switchboard.client.ConnectionState.STOPPED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ConnectionStateMachineTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<String> changes = new ArrayList<>();
    private final ConnectionStateMachine states = new ConnectionStateMachine(clock::get, (from, to) -> changes.add(from + ">" + to));

    @Test
    void a_new_client_is_stopped_until_started_then_connects() {
        assertThat(states.current()).isEqualTo(STOPPED);
        states.start();
        assertThat(states.current()).isEqualTo(CONNECTING);
        assertThat(changes).containsExactly("STOPPED>CONNECTING");
    }

    @Test
    void a_client_starts_only_once() {
        states.start();
        assertThatThrownBy(states::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void the_happy_path_goes_from_connecting_to_the_socket() {
        states.start();
        states.socketUp();
        assertThat(states.current()).isEqualTo(CONNECTED_WEBSOCKET);
    }

    @Test
    void a_socket_that_cannot_open_sends_over_http_and_comes_back_when_it_opens() {
        states.start();
        states.socketDown();
        assertThat(states.current()).isEqualTo(SENDING_HTTP);
        states.httpSucceeded();
        states.socketUp();
        assertThat(changes).containsExactly("STOPPED>CONNECTING", "CONNECTING>SENDING_HTTP", "SENDING_HTTP>CONNECTED_WEBSOCKET");
    }

    @Test
    void when_http_fails_too_the_client_is_offline_until_either_works_again() {
        states.start();
        states.socketUp();
        states.socketDown();
        states.httpFailed();
        assertThat(states.current()).isEqualTo(OFFLINE);
        states.httpSucceeded();
        assertThat(states.current()).isEqualTo(SENDING_HTTP);
        states.httpFailed();
        states.socketUp();
        assertThat(states.current()).isEqualTo(CONNECTED_WEBSOCKET);
    }

    @Test
    void a_socket_reopened_at_once_goes_back_to_connecting_and_falls_back_only_if_that_fails() {
        states.start();
        states.socketUp();
        states.reconnectingAtOnce();
        assertThat(states.current()).isEqualTo(CONNECTING);
        states.socketDown();
        assertThat(states.current()).isEqualTo(SENDING_HTTP);
    }

    @Test
    void after_http_failed_the_next_socket_loss_goes_straight_to_offline() {
        states.start();
        states.socketDown();
        states.httpFailed();
        states.socketUp();
        states.socketDown();
        assertThat(states.current()).isEqualTo(OFFLINE);
    }

    @Test
    void http_outcomes_do_not_move_a_client_that_is_on_the_socket() {
        states.start();
        states.socketUp();
        states.httpFailed();
        states.httpSucceeded();
        assertThat(states.current()).isEqualTo(CONNECTED_WEBSOCKET);
    }

    @Test
    void stopped_is_final() {
        states.start();
        states.socketUp();
        states.stop();
        states.socketDown();
        states.socketUp();
        states.httpSucceeded();
        assertThat(states.current()).isEqualTo(STOPPED);
        assertThat(states.stopped()).isTrue();
        assertThat(changes).endsWith("CONNECTED_WEBSOCKET>STOPPED");
    }

    @Test
    void time_is_counted_in_each_state() {
        states.start();
        states.socketDown();
        clock.addAndGet(Duration.ofMillis(1500).toNanos());
        states.httpFailed();
        clock.addAndGet(Duration.ofMillis(700).toNanos());
        assertThat(states.millisIn(SENDING_HTTP)).isEqualTo(1500);
        assertThat(states.millisIn(OFFLINE)).isEqualTo(700);
        states.socketUp();
        clock.addAndGet(Duration.ofMillis(100).toNanos());
        assertThat(states.millisIn(OFFLINE)).isEqualTo(700);
    }

    @Test
    void closes_in_the_do_not_reconnect_range_are_fatal_and_never_retried() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0);
        for (int code : new int[] {4000, 4001, 4002, 4003, 4004, 4005, 4099}) {
            assertThat(ConnectionStateMachine.isFatal(code)).as("code %d", code).isTrue();
            assertThat(ConnectionStateMachine.reconnectDelayMillis(code, 0, b, 0.5)).isEqualTo(-1);
        }
    }

    @Test
    void closes_in_the_at_once_range_reconnect_at_once_then_back_off_if_that_fails() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0);
        assertThat(ConnectionStateMachine.reconnectDelayMillis(4200, 0, b, 0.5)).isZero();
        assertThat(ConnectionStateMachine.reconnectDelayMillis(4201, 0, b, 0.5)).isZero();
        assertThat(ConnectionStateMachine.reconnectDelayMillis(4200, 1, b, 0.5)).isEqualTo(200);
    }

    @Test
    void shutdown_lost_connections_and_backoff_codes_wait_for_the_backoff() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2, 0);
        for (int code : new int[] {1000, 1001, 1006, 1009, 1011, 4100, 4101, 4102, 4103}) {
            assertThat(ConnectionStateMachine.isFatal(code)).as("code %d", code).isFalse();
            assertThat(ConnectionStateMachine.reconnectDelayMillis(code, 0, b, 0.5)).as("code %d", code).isEqualTo(100);
            assertThat(ConnectionStateMachine.reconnectDelayMillis(code, 3, b, 0.5)).as("code %d", code).isEqualTo(800);
        }
    }
}
