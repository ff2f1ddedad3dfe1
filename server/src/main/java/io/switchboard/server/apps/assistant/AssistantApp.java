package io.switchboard.server.apps.assistant;

import io.switchboard.server.app.AppContext;
import io.switchboard.server.app.SwitchboardApp;
import io.switchboard.server.config.SettingKey;
import io.switchboard.server.config.SettingValues;
import io.switchboard.server.http.BearerAuth;
import io.vertx.core.Vertx;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The AI chat of seed 004: conversations and messages over REST; each user message is stored and answered in the
 * background, and the reply reaches the user's {@code /ws/user/<id>} sockets through the inbox as
 * {@code message_generate} (durable, replayed after a reconnect), its tokens first as {@code message_chunk}.
 * The replies come from an OpenAI-compatible API when {@code assistant-url} is set, else from a built-in offline
 * responder.
 */
public final class AssistantApp implements SwitchboardApp {
    /** The {@code sender_uuid} of the assistant's messages. */
    public static final String ASSISTANT_UUID = "00000000-0000-4000-8000-00000000a551";

    @Override
    public String name() {
        return "assistant";
    }

    @Override
    public List<SettingKey> declaredSettings() {
        return AssistantSettings.DECLARED;
    }

    @Override
    public void checkSettings(SettingValues settings) {
        AssistantSettings.from(settings);
    }

    @Override
    public void mount(AppContext ctx) {
        Responder responder = responder(ctx.vertx(), AssistantSettings.from(ctx.settings()));
        LoggerFactory.getLogger(AssistantApp.class).info("assistant replies come from the {} responder", responder.name());
        AssistantStore store = new AssistantStore(ctx.database());
        new AssistantRoutes(store, new Generator(store, responder, ctx.inbox())).mount(ctx.router(), new BearerAuth(ctx.tokens()));
    }

    private static Responder responder(Vertx vertx, AssistantSettings settings) {
        if (settings.url() == null) {
            return new OfflineResponder(vertx);
        }
        return new OpenAiResponder(vertx, settings.url(), settings.key(), settings.model());
    }
}
