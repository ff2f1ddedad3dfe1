package io.switchboard.client.e2e;

import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.apps.ingest.IngestApp;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.transport.OriginPolicy;
import io.switchboard.server.transport.WebSocketRoutes;
import java.util.List;

/**
 * The real ingest app with its device sockets left unmounted: {@code POST /api/ingest/} and the parent API work,
 * and a handshake on {@code /ws/ingest/…} is refused with HTTP 404, as by a proxy that does not pass WebSockets.
 * A node restarted with this app on the same port and data directory is how the tests refuse the socket for a
 * while without touching the server's code.
 */
public final class HttpOnlyIngestApp implements SwitchboardApp {
    private final IngestApp ingest = new IngestApp();

    @Override
    public String name() {
        return "ingest (HTTP only)";
    }

    @Override
    public List<String> settingKeys() {
        return ingest.settingKeys();
    }

    @Override
    public void checkSettings(SettingValues settings) {
        ingest.checkSettings(settings);
    }

    @Override
    public void mount(AppContext ctx) {
        WebSocketRoutes unmounted = new WebSocketRoutes(new OriginPolicy(List.of(), false), () -> false);
        ingest.mount(ctx.withSockets(unmounted));
    }
}
