package io.switchboard.server.cli;

import io.switchboard.server.config.SettingValues;
import io.switchboard.server.config.SettingsLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that name settings, shared by every command that loads them. */
final class SettingsOptions {
    @Option(names = "--config", description = "Config file (Java properties); default ./switchboard.properties if present, or $SWITCHBOARD_CONFIG.")
    Path config;

    @Option(names = "--host", description = "Interface to listen on (default 127.0.0.1 in development mode, 0.0.0.0 with --dev=false).")
    String host;

    @Option(names = "--port", description = "Port to listen on (default 8080; 0 picks a free one).")
    String port;

    @Option(names = "--data-dir", description = "Directory for the SQLite database and generated keys (default ./data).")
    String dataDir;

    @Option(names = "--database-url", description = "JDBC URL: jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB (or postgres://).")
    String databaseUrl;

    @Option(names = "--redis", description = "Redis shared by the nodes of a deployment, redis://[user:password@]host[:port][/db]; none for one node.")
    String redis;

    @Option(names = "--dev", arity = "0..1", fallbackValue = "true",
            description = "Development mode: generated keys, localhost origins (default true). --dev=false for production.")
    String dev;

    @Option(names = "--apps", description = "Apps to run, comma-separated from users,accounts,social,ingest,assistant, "
            + "or none (default: all in development mode; required with --dev=false).")
    String apps;

    @Option(names = "--allowed-origins", description = "Comma-separated browser origins allowed to connect.")
    String allowedOrigins;

    @Option(names = "--tls-cert", description = "PEM certificate chain: serve HTTPS and WSS (with --tls-key).")
    String tlsCert;

    @Option(names = "--tls-key", description = "PEM private key of --tls-cert, unencrypted.")
    String tlsKey;

    @Option(names = "--set", description = "Any other setting, as key=value (repeatable), e.g. --set max-frame-bytes=131072.")
    Map<String, String> extra = new LinkedHashMap<>();

    /** The settings from the file, the environment and these flags; refuses one that neither the engine nor an app reads. */
    SettingValues load() {
        Map<String, String> flags = new LinkedHashMap<>(extra);
        put(flags, "host", host);
        put(flags, "port", port);
        put(flags, "data-dir", dataDir);
        put(flags, "database-url", databaseUrl);
        put(flags, "redis", redis);
        put(flags, "dev", dev);
        put(flags, "apps", apps);
        put(flags, "allowed-origins", allowedOrigins);
        put(flags, "tls-cert", tlsCert);
        put(flags, "tls-key", tlsKey);
        List<String> keys = Apps.settingKeys();
        return SettingsLoader.load(config, System.getenv(), flags, keys).requireKnown(keys);
    }

    private static void put(Map<String, String> flags, String key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
