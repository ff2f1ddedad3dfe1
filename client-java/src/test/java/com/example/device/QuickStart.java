package com.example.device;

// README:start
import io.switchboard.client.Delivery;
import io.switchboard.client.DeliveryListener;
import io.switchboard.client.ServerError;
import io.switchboard.client.SwitchboardClient;
import io.switchboard.client.telemetry.Location;
import io.switchboard.client.telemetry.ScreenTime;
import io.switchboard.client.telemetry.SiteAccess;
import io.switchboard.client.telemetry.SiteVisit;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

public final class QuickStart {
    public static void main(String[] args) {
        String server = args[0];              // "http://10.0.2.2:8080" from the Android emulator
        String childHash = args[1];           // from POST /api/children/ or ./switchboard device add
        Path buffer = Paths.get(args[2]);     // on Android: context.getFilesDir().toPath().resolve("switchboard")

        try (SwitchboardClient client = SwitchboardClient.builder(server)
                .childHash(childHash)
                .bufferDirectory(buffer)                                   // durable: survives the app being killed
                .backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.5)
                .heartbeatInterval(Duration.ofSeconds(20))
                .onStateChange((from, to) -> System.out.println("connection: " + to))
                .onFatal(error -> System.out.println("refused for good, check the hash: " + error))
                .onDelivery(new DeliveryListener() {
                    @Override
                    public void onAcked(Delivery d) {
                        System.out.println("stored: " + d);
                    }

                    @Override
                    public void onRejected(Delivery d, ServerError e) {
                        System.out.println("refused: " + d.id() + " " + e);
                    }
                })
                .build()) {
            client.start();

            client.sendLocation(Location.of(Instant.now(), 40.7128, -74.0060));
            client.sendScreenTime(ScreenTime.builder(LocalDate.now(), 3600)
                    .app("com.example.video", 9, 1800)
                    .app("com.example.chat", 10, 600)
                    .build());
            client.sendSiteAccess(SiteAccess.of(
                    SiteVisit.of(Instant.now(), "https://example.com", true),
                    SiteVisit.of(Instant.now(), "https://blocked.example.com", false)));

            client.awaitDrained(Duration.ofSeconds(30));               // an app would just keep running
            System.out.println(client.stats());
        }
    }
}
// README:end
