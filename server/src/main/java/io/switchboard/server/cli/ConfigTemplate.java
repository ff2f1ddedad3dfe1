package io.switchboard.server.cli;

import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.Settings;
import io.switchboard.server.channel.NamespaceSettings;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingsLoader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The config file {@code switchboard config print} writes: every declared setting, its meaning as a comment and
 * its default as a commented-out line, so that the file changes nothing until a line is uncommented.
 */
final class ConfigTemplate {
    private static final int WIDTH = 110;

    private ConfigTemplate() {
    }

    static String render(List<SettingKey> engine, List<SwitchboardApp> apps) {
        StringBuilder out = new StringBuilder();
        out.append("# Switchboard settings: every key the engine and the installed apps read, with its default.\n")
                .append("# A line '#key = value' shows the default; remove the '#' and change the value to set it.\n")
                .append("# Flags (--set key=value) beat environment variables (").append(SettingsLoader.envName("data-dir"))
                .append(" for data-dir), which beat this file.\n")
                .append("# Durations take ms, s, m, h, d; sizes k, m, g. Check a file with: switchboard config check --config FILE\n");
        Set<String> written = new LinkedHashSet<>();
        section(out, "engine", engine, written);
        out.append("\n# ==== channel namespaces ====\n");
        comment(out, "One block per namespace: replace " + NamespaceSettings.PLACEHOLDER + " with its name, e.g. "
                + "namespace.room.subscribe = token. A channel is namespace:name; a channel in no namespace is refused. "
                + "The built-in public and user and the apps' namespaces take a block the same way, over their defaults.");
        section(out, null, Settings.PATTERNS, written);
        for (SwitchboardApp app : apps) {
            List<SettingKey> keys = new ArrayList<>(app.declaredSettings());
            for (String name : app.settingKeys()) {
                if (keys.stream().noneMatch(k -> k.name().equals(name))) {
                    keys.add(new SettingKey(name, null, "(no description)"));
                }
            }
            section(out, "app " + app.name(), keys, written);
        }
        return out.toString();
    }

    private static void section(StringBuilder out, String title, List<SettingKey> keys, Set<String> written) {
        List<SettingKey> fresh = keys.stream().filter(k -> !written.contains(k.name())).toList();
        if (fresh.isEmpty()) {
            return;
        }
        if (title != null) {
            out.append("\n# ==== ").append(title).append(" ====\n");
        }
        for (SettingKey key : fresh) {
            written.add(key.name());
            out.append('\n');
            comment(out, key.name() + ": " + key.meaning());
            out.append('#').append(key.name()).append(" =")
                    .append(key.defaultValue() == null ? "" : " " + key.defaultValue()).append('\n');
        }
    }

    /** Writes {@code text} as comment lines of at most {@link #WIDTH} characters, breaking between words. */
    private static void comment(StringBuilder out, String text) {
        StringBuilder line = new StringBuilder("#");
        for (String word : text.split(" ")) {
            if (line.length() > 1 && line.length() + 1 + word.length() > WIDTH) {
                out.append(line).append('\n');
                line = new StringBuilder("#");
            }
            line.append(' ').append(word);
        }
        out.append(line).append('\n');
    }
}
