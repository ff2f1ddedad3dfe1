package io.switchboard.client.e2e.realtime;

import io.switchboard.client.realtime.AuthFailedException;
import io.switchboard.client.realtime.PresenceClient;
import io.switchboard.client.realtime.Publication;
import io.switchboard.client.realtime.RealtimeListener;
import io.switchboard.client.realtime.RealtimeState;
import io.switchboard.client.realtime.StreamPosition;
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SubscriptionListener;
import io.switchboard.client.realtime.UserEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * What a realtime client told the test: states, sessions, auth failures, publications, joins and leaves, ended
 * subscriptions and events, in order.
 */
final class Seen implements RealtimeListener, SubscriptionListener {
    final List<RealtimeState> states = new CopyOnWriteArrayList<>();
    final List<String> sessions = new CopyOnWriteArrayList<>();
    final List<AuthFailedException> authFailures = new CopyOnWriteArrayList<>();
    final List<Publication> publications = new CopyOnWriteArrayList<>();
    final List<StreamPosition> recoveryFailures = new CopyOnWriteArrayList<>();
    final List<UserEvent> events = new CopyOnWriteArrayList<>();
    /** {@code "join <user>/<session>"} and {@code "leave <user>/<session>"}, as they came. */
    final List<String> joinsAndLeaves = new CopyOnWriteArrayList<>();
    /** The code of each subscription the server ended ({@code onUnsubscribed}), with its channel. */
    final List<String> ended = new CopyOnWriteArrayList<>();

    @Override
    public void onStateChanged(RealtimeState from, RealtimeState to) {
        System.out.println(java.time.Instant.now() + " client state " + from + " -> " + to);
        states.add(to);
    }

    @Override
    public void onConnected(String sessionId, String userId, boolean reconnected) {
        sessions.add(sessionId);
    }

    @Override
    public void onAuthFailed(AuthFailedException error) {
        authFailures.add(error);
    }

    @Override
    public void onPublication(Publication publication) {
        publications.add(publication);
    }

    @Override
    public void onRecoveryFailed(Subscription subscription, StreamPosition current) {
        recoveryFailures.add(current);
    }

    @Override
    public void onJoin(Subscription subscription, PresenceClient client) {
        joinsAndLeaves.add("join " + client.userId() + "/" + client.sessionId());
    }

    @Override
    public void onLeave(Subscription subscription, PresenceClient client) {
        joinsAndLeaves.add("leave " + client.userId() + "/" + client.sessionId());
    }

    @Override
    public void onUnsubscribed(Subscription subscription, String code) {
        ended.add(subscription.channel() + " " + code);
    }

    void event(UserEvent event) {
        events.add(event);
    }

    /** The field {@code n} of every publication's data, in arrival order. */
    List<Integer> numbers() {
        return publications.stream().map(p -> p.data().path("n").asInt()).collect(Collectors.toList());
    }

    /** The sequence numbers of the durable events, in arrival order. */
    List<Long> seqs() {
        return events.stream().filter(e -> !e.isTransient()).map(UserEvent::seq).collect(Collectors.toList());
    }
}
