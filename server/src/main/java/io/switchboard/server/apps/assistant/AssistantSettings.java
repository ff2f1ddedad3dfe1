package io.switchboard.server.apps.assistant;

import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import java.util.List;

/**
 * The assistant app's settings.
 *
 * @param url   base URL of an OpenAI-compatible API; null means the offline responder
 * @param key   the bearer key sent to {@code url}, may be null
 * @param model the model named in each chat-completions request
 */
public record AssistantSettings(String url, String key, String model) {

    /** The settings this record reads, with their defaults and meanings. */
    public static final List<SettingKey> DECLARED = List.of(
            new SettingKey("assistant-url", null, "an OpenAI-compatible API such as https://api.openai.com/v1 for the assistant's replies; unset: the offline responder"),
            new SettingKey("assistant-key", null, "the API key of assistant-url"),
            new SettingKey("assistant-model", "gpt-4o-mini", "the model the assistant asks for"));

    /** The names of {@link #DECLARED}. */
    public static final List<String> KEYS = SettingKey.names(DECLARED);

    /** Reads and validates its keys; throws {@link io.switchboard.server.config.InvalidSettingException} naming a bad one. */
    public static AssistantSettings from(SettingValues v) {
        return new AssistantSettings(v.httpUrl("assistant-url", "https://api.openai.com/v1"), v.string("assistant-key", null),
                v.string("assistant-model", "gpt-4o-mini"));
    }
}
