package io.switchboard.server.config;

import java.util.List;

/**
 * A setting as its owner declares it: the one place that names the key, says what it means and what it is when
 * unset. {@code switchboard config print} writes these; the owner's {@code from} reads the value.
 *
 * @param name         the key, as written in the config file ({@code SWITCHBOARD_} plus upper snake case in the environment)
 * @param defaultValue the value the owner uses when the key is unset, written as a value of the key would be; null when
 *                     there is none or it depends on other settings (then {@code meaning} says what it is)
 * @param meaning      one short sentence for an operator
 */
public record SettingKey(String name, String defaultValue, String meaning) {

    /** The names of {@code keys}, in order. */
    public static List<String> names(List<SettingKey> keys) {
        return keys.stream().map(SettingKey::name).toList();
    }
}
