package io.switchboard.server.cli;

import io.switchboard.server.Switchboard;
import io.switchboard.server.config.Settings;
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
        Settings settings = options.load();
        Switchboard node = Apps.installAll(Switchboard.create(settings)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::shutdown, "switchboard-shutdown"));
        String host = settings.host().equals("0.0.0.0") ? "localhost" : settings.host();
        String base = (settings.tls() ? "https://" : "http://") + host + ":" + node.port();
        System.out.println("Switchboard listening on " + base + (settings.devMode()
                ? " (development mode: generated keys, localhost pages allowed; use --dev=false in production)" : ""));
        System.out.println("  WebSocket:   " + (settings.tls() ? "wss://" : "ws://") + host + ":" + node.port() + "/ws?token=<token>");
        System.out.println("  Get a token: ./switchboard token --user alice --data-dir " + settings.dataDir());
        System.out.println("  Database:    " + settings.databaseUrl());
        System.out.println("  Broker:      " + (settings.redis() == null ? "memory (single node)"
                : "Redis at " + URI.create(settings.redis()).getHost() + ":" + redisPort(settings.redis())
                + (node.broker().healthy() ? "" : " (unreachable for now: not ready until it answers)")
                + ", node id " + node.nodeId()));
        if (node.apiKey() != null && settings.apiKey() == null) {
            System.out.println("  API key for POST /api/publish: in " + settings.dataDir().resolve("api-key"));
        }
        System.out.println("  Health:      " + base + "/health/ready   Metrics: " + base + "/metrics");
        return 0;
    }

    private static int redisPort(String url) {
        int port = URI.create(url).getPort();
        return port < 0 ? 6379 : port;
    }
}
