package com.example.chat;

// README:start
import io.switchboard.client.realtime.Subscription;
import io.switchboard.client.realtime.SwitchboardChannels;
import io.switchboard.client.realtime.TokenSupplier;
import io.switchboard.client.realtime.UserEvents;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

public final class ChatQuickStart {
    public static void main(String[] args) throws InterruptedException {
        String server = args[0];                  // "https://switchboard.example.com"
        String user = args[1];                    // the token's subject
        TokenSupplier tokens = () -> args[2];     // in an app: ask your backend for a fresh JWT here

        CountDownLatch done = new CountDownLatch(2);
        try (SwitchboardChannels channels = SwitchboardChannels.builder(server).tokenSupplier(tokens).build();
             UserEvents events = UserEvents.builder(server, user).tokenSupplier(tokens).build()) {
            events.on("notification", e -> {      // each durable event once, in order, acked after this returns
                System.out.println("event #" + e.seq() + ": " + e.data());
                done.countDown();
            });
            events.connect();

            channels.connect();
            Subscription lobby = channels.subscribe("public:lobby", p -> {
                System.out.println(p.channel() + " " + p.position() + ": " + p.data());
                done.countDown();
            }).join();                            // completes once the server acked the subscribe
            channels.publish("public:lobby", Map.of("text", "hello from " + user)).join();

            done.await(10, TimeUnit.SECONDS);     // an app would just keep running
            System.out.println("keep to resume: lobby at " + lobby.position() + ", events after #"
                    + events.lastSeq().orElse(0));
        }
    }
}
// README:end
