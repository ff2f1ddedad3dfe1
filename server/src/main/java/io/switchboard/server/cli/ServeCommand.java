package io.switchboard.server.cli;

import io.switchboard.server.Switchboard;
import io.switchboard.server.Settings;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.logs.LogSettings;
import io.switchboard.server.logs.Logging;
import io.switchboard.server.transport.ServerSettings;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code switchboard serve}: runs a node until interrupted. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the server. Flags beat SWITCHBOARD_* environment variables, which beat the config file.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    SettingsOptions options;

    @Override
    public Integer call() {
        SettingValues values = options.load();
        Logging.apply(LogSettings.from(values));
        Switchboard node = Apps.installAll(Switchboard.create(values)).start();
        Settings settings = node.settings();
        ServerSettings server = settings.server();
        // SIGTERM and SIGINT end the JVM through its shutdown hooks: drain, then write the queued log lines.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.shutdown();
            Logging.flush();
        }, "switchboard-shutdown"));
        String host = server.host().equals("0.0.0.0") ? "localhost" : server.host();
        String base = (server.tls() ? "https://" : "http://") + host + ":" + node.port();
        System.out.println("Switchboard listening on " + base + (settings.devMode()
                ? " (development mode: generated keys, localhost pages allowed; use --dev=false in production)" : ""));
        System.out.println("  WebSocket:   " + (server.tls() ? "wss://" : "ws://") + host + ":" + node.port() + "/ws?token=<token>");
        System.out.println("  Get a token: ./switchboard token --user alice --data-dir " + settings.dataDir());
        System.out.println("  Database:    " + settings.database().url());
        System.out.println("  Broker:      " + (!settings.redis().enabled() ? "memory (single node)"
                : "Redis at " + URI.create(settings.redis().url()).getHost() + ":" + redisPort(settings.redis().url())
                + (node.broker().healthy() ? "" : " (unreachable for now: not ready until it answers)")
                + ", node id " + node.nodeId()));
        if (node.apiKey() != null && settings.apiKey() == null) {
            System.out.println("  API key for POST /api/publish: in " + settings.dataDir().resolve("api-key"));
        }
        if (settings.admin().enabled()) {
            System.out.println("  Admin:       " + base + "/admin/   password: " + (settings.admin().password() != null
                    ? "the admin-password setting" : "in " + settings.dataDir().resolve("admin-password")));
        }
        System.out.println("  Health:      " + base + "/health/ready   Metrics: " + base + "/metrics");
        return 0;
    }

    private static int redisPort(String url) {
        int port = URI.create(url).getPort();
        return port < 0 ? 6379 : port;
    }
}
