package io.switchboard.server.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Layers the three sources of settings: the config file (Java properties, {@code key = value}), then
 * environment variables {@code SWITCHBOARD_KEY_NAME}, then command-line flags. A later layer wins.
 */
public final class SettingsLoader {
    /** The config file read when none is named and it exists. */
    public static final String DEFAULT_CONFIG_FILE = "switchboard.properties";

    private SettingsLoader() {
    }

    /**
     * Loads the raw values; their owners validate them.
     *
     * @param configFile the file named by {@code --config} or {@code SWITCHBOARD_CONFIG}; null for the default
     * @param env        the environment (usually {@link System#getenv()})
     * @param flags      settings given as flags, by key
     * @param keys       the settings looked up in the environment: the engine's and the installed apps'
     */
    public static SettingValues load(Path configFile, Map<String, String> env, Map<String, String> flags,
                                     Collection<String> keys) {
        Map<String, String> raw = new LinkedHashMap<>();
        Path file = configFile;
        if (file == null && env.get("SWITCHBOARD_CONFIG") != null) {
            file = Path.of(env.get("SWITCHBOARD_CONFIG"));
        }
        if (file != null || Files.exists(Path.of(DEFAULT_CONFIG_FILE))) {
            raw.putAll(readFile(file == null ? Path.of(DEFAULT_CONFIG_FILE) : file));
        }
        for (String key : keys) {
            String value = env.get(envName(key));
            if (value != null) {
                raw.put(key, value);
            }
        }
        flags.forEach((k, v) -> {
            if (v != null) {
                raw.put(k, v);
            }
        });
        return SettingValues.of(raw);
    }

    /** The environment variable that carries a setting: {@code data-dir} is {@code SWITCHBOARD_DATA_DIR}. */
    public static String envName(String key) {
        return "SWITCHBOARD_" + key.replace('-', '_').toUpperCase(Locale.ROOT);
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException("config", "file " + file + " does not exist");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new InvalidSettingException("config", "cannot read " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new LinkedHashMap<>();
        props.forEach((k, v) -> out.put(k.toString().trim(), v.toString().trim()));
        return out;
    }
}
